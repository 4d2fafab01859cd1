import PumpwatchCore
import PumpwatchQuery

extension CQLPlanner {
    /// An expression in value position (`:=`, `eval`, `test()`, `where`, `if()`): a word is a field
    /// or a number, a string is text, and functions map to the plan's canonical scalar functions.
    /// `Field = value` and `Field != value` keep their filter meaning.
    static func valueExpression(_ e: CQLExpression) throws(QueryError) -> Expression {
        switch e.kind {
        case .word(let w):
            if let n = number(w) { return .literal(n) }
            if CQLText.hasWildcard(w) {
                throw QueryError(.semantic, "`\(w)` is a wildcard, not a value", at: e.location, expected: "a field, a number or a \"string\"")
            }
            return .field(w)
        case .string(let s):
            return .literal(.string(CQLText.literal(s)))
        case .regex:
            throw QueryError(.semantic, "a regex on its own is not a value", at: e.location, expected: "`Field = /regex/`")
        case .parameter(let p):
            throw unsupportedParameter(p, at: e.location)
        case .subQuery:
            throw unsupportedSubQuery(at: e.location)
        case .array:
            throw QueryError(.semantic, "a list is not a value", at: e.location, expected: "a field, a number or a \"string\"")
        case .call(let c):
            return try scalarCall(c).expression
        case .unary(.not, let x):
            return negate(try valueExpression(x))
        case .unary(.negate, let x):
            if case .word(let w) = x.kind, let n = number("-" + w) { return .literal(n) }
            return .unary(.negate, try valueExpression(x))
        case .binary(let op, let a, let b):
            switch op {
            case .and: return .binary(.and, try valueExpression(a), try valueExpression(b))
            case .or: return .binary(.or, try valueExpression(a), try valueExpression(b))
            case .equal, .notEqual:
                switch b.kind {
                case .word, .string, .regex:
                    return try filterExpression(e)
                default:
                    return .binary(op == .equal ? .equal : .notEqual, try valueExpression(a), try valueExpression(b))
                }
            case .doubleEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
                return .binary(comparison(op), try valueExpression(a), try valueExpression(b))
            case .like, .in, .matches:
                return try filterExpression(e)
            case .add: return .binary(.add, try valueExpression(a), try valueExpression(b))
            case .subtract: return .binary(.subtract, try valueExpression(a), try valueExpression(b))
            case .multiply: return .binary(.multiply, try valueExpression(a), try valueExpression(b))
            case .divide: return .binary(.divide, try valueExpression(a), try valueExpression(b))
            case .modulo: return .binary(.modulo, try valueExpression(a), try valueExpression(b))
            }
        }
    }

    /// A function argument that names a field (`lower(Name)`), or any other value.
    static func fieldOrValue(_ e: CQLExpression) throws(QueryError) -> Expression {
        switch e.kind {
        case .word(let w) where number(w) == nil: return .field(w)
        case .string(let s): return .field(s)
        default: return try valueExpression(e)
        }
    }

    /// The CQL functions that compute one value, with the names the plan gives them.
    static let scalarFunctions: Set<String> = [
        "if", "lower", "upper", "length", "concat", "coalesce", "format", "formattime", "replace", "now",
        "math:abs", "math:floor", "math:ceil", "round", "text:startswith", "text:endswith",
    ]

    /// A scalar function as an expression, and the field it writes when used as a stage
    /// (`as=`, or the function's default such as `_lower`, `_format`, `_if`; nil when the
    /// function has no default, as `formatTime()`).
    static func scalarCall(_ c: CQLFunctionCall) throws(QueryError) -> (expression: Expression, outputName: String?) {
        switch c.canonicalName {
        case "if":
            let a = try CQLArguments(c, parameters: ["then", "else", "as"], positional: ["condition", "then", "else"])
            let condition = try valueExpression(try a.require("condition"))
            let then = try valueExpression(try a.require("then"))
            let otherwise = try a.expression("else").map { (x) throws(QueryError) in try valueExpression(x) }
            return (.caseWhen([WhenClause(condition, then)], otherwise: otherwise), try a.fieldName("as") ?? "_if")
        case "lower", "upper", "length":
            let a = try CQLArguments(c, parameters: ["as", "locale"], positional: ["field"])
            let name = c.canonicalName
            return (.call(name, [try fieldOrValue(try a.require("field"))]), try a.fieldName("as") ?? "_" + name)
        case "concat":
            let a = try CQLArguments(c, parameters: ["as"], positional: ["field"])
            let fields = try a.require("field")
            var args: [Expression] = []
            if case .array(let items) = fields.kind {
                for item in items { args.append(try fieldOrValue(item)) }
            } else {
                args.append(try fieldOrValue(fields))
            }
            return (.call("concat", args), try a.fieldName("as") ?? "_concat")
        case "coalesce":
            let a = try CQLArguments(c, parameters: ["as", "ignoreEmpty"], positional: ["expressions"])
            let list = try a.require("expressions")
            var args: [Expression] = []
            if case .array(let items) = list.kind {
                for item in items { args.append(try valueExpression(item)) }
            } else {
                args.append(try valueExpression(list))
            }
            if try a.bool("ignoreEmpty") == true {
                throw QueryError(.unsupported, "coalesce(ignoreEmpty=true)", at: a.argument("ignoreEmpty")?.location ?? c.location)
            }
            return (.call("coalesce", args), try a.fieldName("as") ?? "_coalesce")
        case "format":
            let a = try CQLArguments(c, parameters: ["field", "as"], positional: ["format"])
            guard let format = try a.string("format") else {
                throw QueryError(.semantic, "`format()` needs a format string", at: c.location, expected: "`format(\"%s\", field=...)`")
            }
            var args: [Expression] = [.literal(.string(format))]
            for f in try a.fieldNames("field") ?? [] { args.append(.field(f)) }
            return (.call("format", args), try a.fieldName("as") ?? "_format")
        case "formattime":
            let a = try CQLArguments(c, parameters: ["field", "as", "timezone", "locale", "unit"], positional: ["format"])
            guard let format = try a.string("format") else {
                throw QueryError(.semantic, "`formatTime()` needs a format string", at: c.location, expected: "`formatTime(\"%Y-%m-%d\", as=...)`")
            }
            if let tz = try a.string("timezone"), !["utc", "z", "gmt", "etc/utc"].contains(tz.lowercased()) {
                throw QueryError(.unsupported, "formatTime(timezone=\(tz))", at: a.argument("timezone")?.location ?? c.location)
            }
            if let unit = try a.string("unit"), unit.lowercased() != "auto" {
                throw QueryError(.unsupported, "formatTime(unit=\(unit))", at: a.argument("unit")?.location ?? c.location)
            }
            let field = try a.fieldName("field") ?? "@timestamp"
            return (.call("format_time", [.literal(.string(format)), .field(field)]), try a.fieldName("as"))
        case "replace":
            let a = try CQLArguments(c, parameters: ["with", "replacement", "field", "as", "flags"], positional: ["regex"])
            let regexArgument = try a.require("regex")
            var regex: String
            var flags = try a.string("flags") ?? ""
            switch regexArgument.kind {
            case .string(let s): regex = CQLText.regex(s)
            case .regex(let p, let f):
                regex = p
                flags += f
            default:
                throw QueryError(.semantic, "found `\(regexArgument)` as the regex of `replace()`", at: regexArgument.location, expected: "a regex in a \"string\"")
            }
            if flags.contains("i") { regex = "(?i)" + regex }
            var replacement = try a.string("with")
            if replacement == nil { replacement = try a.string("replacement") }
            let field = try a.fieldName("field") ?? "@rawstring"
            return (.call("replace", [.field(field), .literal(.string(regex)), .literal(.string(replacement ?? ""))]), try a.fieldName("as") ?? field)
        case "now":
            _ = try CQLArguments(c, parameters: ["as"])
            return (.call("now", []), "_now")
        case "round":
            let a = try CQLArguments(c, parameters: ["as", "how"], positional: ["field"])
            let how = try a.choice("how", ["round", "floor", "ceil"]) ?? "round"
            let field = try a.require("field")
            let output = try a.fieldName("as") ?? field.text ?? "_round"
            return (.call(how, [try fieldOrValue(field)]), output)
        case "math:abs", "math:floor", "math:ceil":
            let a = try CQLArguments(c, parameters: ["as"], positional: ["field"])
            let name = String(c.canonicalName.dropFirst(5))
            return (.call(name, [try fieldOrValue(try a.require("field"))]), try a.fieldName("as") ?? "_" + name)
        case "text:startswith", "text:endswith":
            let a = try CQLArguments(c, parameters: ["string", "substring"])
            let name = c.canonicalName == "text:startswith" ? "starts_with" : "ends_with"
            return (.call(name, [try valueExpression(try a.require("string")), try valueExpression(try a.require("substring"))]), "_" + name)
        case "in", "test", "wildcard", "cidr", "regex":
            return (try filterCall(c), "_" + c.canonicalName)
        default:
            if stageFunctions.contains(c.canonicalName) || aggregateFunctions.contains(c.canonicalName) {
                throw QueryError(.semantic, "`\(c.name)()` does not compute a value", at: c.location, expected: "a function such as `lower()`, `concat()` or `if()`")
            }
            throw unsupported(c)
        }
    }
}
