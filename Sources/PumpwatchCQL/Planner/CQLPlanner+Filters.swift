import PumpwatchCore
import PumpwatchQuery

extension CQLPlanner {
    /// One step of a filter stage: a condition, or a regex extraction (with the condition that
    /// drops the events it does not match, nil when unmatched events are kept).
    enum FilterStep {
        case condition(Expression)
        case extraction(field: Expression, pattern: ExtractPattern, condition: Expression?)
    }

    /// The steps of a filter stage: its AND-ed terms, with named-capture regexes as extractions.
    static func filterSteps(_ e: CQLExpression) throws(QueryError) -> [FilterStep] {
        var steps: [FilterStep] = []
        for term in conjuncts(e) {
            if term.text == "*" { continue }
            if let x = try extractionStep(term) {
                steps.append(x)
            } else {
                steps.append(.condition(try filterExpression(term)))
            }
        }
        return steps
    }

    /// Adds the steps to the plan: consecutive conditions form one `Filter`.
    static func apply(_ steps: [FilterStep], to input: LogicalPlan) -> LogicalPlan {
        var plan = input
        var pending: [Expression] = []
        func flush() {
            if !pending.isEmpty { plan = .filter(plan, allOf(pending)) }
            pending = []
        }
        for step in steps {
            switch step {
            case .condition(let e): pending.append(e)
            case .extraction(let field, let p, _):
                flush()
                plan = .extract(plan, field: field, pattern: p)
            }
        }
        flush()
        return plan
    }

    /// The terms of `a and b and c`, in order.
    static func conjuncts(_ e: CQLExpression) -> [CQLExpression] {
        if case .binary(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// `Field = /(?<name>...)/`, free-text `/(?<name>...)/` and `regex()` with named groups.
    static func extractionStep(_ term: CQLExpression) throws(QueryError) -> FilterStep? {
        switch term.kind {
        case .binary(.equal, let lhs, let rhs):
            guard case .regex(let p, let flags) = rhs.kind, !namedGroups(p).isEmpty else { return nil }
            let field = try fieldName(lhs, context: "=")
            return regexExtraction(p, flags: flags, field: field, strict: true)
        case .regex(let p, let flags) where !namedGroups(p).isEmpty:
            return regexExtraction(p, flags: flags, field: "@rawstring", strict: true)
        case .call(let c) where c.canonicalName == "regex":
            let steps = try regexSteps(c)
            if steps.count == 1, case .extraction = steps[0] { return steps[0] }
            return nil
        default:
            return nil
        }
    }

    static func regexExtraction(_ p: String, flags: String, field: String, strict: Bool) -> FilterStep {
        let ci = flags.contains("i")
        let pattern = ExtractPattern(source: p, regex: p, groupNames: namedGroups(p), caseInsensitive: ci, dropUnmatched: strict, anchored: false)
        let condition: Expression? = strict ? .fieldMatch(field: field, StringPattern(.regex(p), caseInsensitive: ci, anchored: false), negated: false) : nil
        return .extraction(field: .field(field), pattern: pattern, condition: condition)
    }

    /// `regex("(?<x>...)", field=F, strict=true, flags="i")`: an extraction when the regex has
    /// named groups, otherwise a filter (none at all when `strict=false`).
    static func regexSteps(_ c: CQLFunctionCall) throws(QueryError) -> [FilterStep] {
        let a = try CQLArguments(c, parameters: ["field", "strict", "flags", "repeat"], positional: ["regex"])
        let regex = try a.require("regex")
        let p: String
        var flags = try a.string("flags") ?? ""
        switch regex.kind {
        case .string(let s): p = CQLText.regex(s)
        case .regex(let r, let f):
            p = r
            flags += f
        default:
            throw QueryError(.semantic, "found `\(regex)` as the regex of `regex()`", at: regex.location, expected: "a regex in a \"string\"")
        }
        if try a.bool("repeat") == true {
            throw QueryError(.unsupported, "regex(repeat=true)", at: a.argument("repeat")?.location ?? c.location)
        }
        let field = try a.fieldName("field") ?? "@rawstring"
        let strict = try a.bool("strict") ?? true
        if namedGroups(p).isEmpty {
            guard strict else { return [] }
            let pattern = StringPattern(.regex(p), caseInsensitive: flags.contains("i"), anchored: false)
            return [.condition(.fieldMatch(field: field, pattern, negated: false))]
        }
        return [regexExtraction(p, flags: flags, field: field, strict: strict)]
    }

    /// The names of the named groups `(?<name>...)` and `(?P<name>...)` of a regex, in order.
    static func namedGroups(_ regex: String) -> [String] {
        let chars = Array(regex)
        var names: [String] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                var j = i + 2
                if j < chars.count, chars[j] == "P" { j += 1 }
                if j < chars.count, chars[j] == "<", j + 1 < chars.count, chars[j + 1].isLetter || chars[j + 1] == "_" {
                    var k = j + 1
                    var name = ""
                    while k < chars.count, chars[k] != ">" {
                        name.append(chars[k])
                        k += 1
                    }
                    if !name.isEmpty && !names.contains(name) { names.append(name) }
                    i = k
                }
            }
            i += 1
        }
        return names
    }

    /// A filter term as a plan condition.
    static func filterExpression(_ e: CQLExpression) throws(QueryError) -> Expression {
        switch e.kind {
        case .binary(.and, let a, let b):
            return .binary(.and, try filterExpression(a), try filterExpression(b))
        case .binary(.or, let a, let b):
            return .binary(.or, try filterExpression(a), try filterExpression(b))
        case .unary(.not, let x):
            return negate(try filterExpression(x))
        case .binary(.equal, let lhs, let rhs), .binary(.notEqual, let lhs, let rhs):
            let negated: Bool
            if case .binary(.notEqual, _, _) = e.kind { negated = true } else { negated = false }
            let field = try fieldName(lhs, context: negated ? "!=" : "=")
            return .fieldMatch(field: field, try pattern(rhs), negated: negated)
        case .binary(let op, let lhs, let rhs) where op.isComparison:
            let field = try fieldName(lhs, context: op.rawValue)
            return .binary(comparison(op), .field(field), try literal(rhs, after: op.rawValue))
        case .binary(.like, let lhs, let rhs):
            let field = try fieldName(lhs, context: "like")
            guard let text = rhs.text else {
                throw QueryError(.semantic, "found `\(rhs)` after `like`", at: rhs.location, expected: "a string")
            }
            return .fieldMatch(field: field, StringPattern(.glob("*" + CQLText.glob(text) + "*", questionMark: false)), negated: false)
        case .binary(.in, let lhs, let rhs):
            let field = try fieldName(lhs, context: "in")
            guard case .array(let items) = rhs.kind else {
                throw QueryError(.semantic, "found `\(rhs)` after `in`", at: rhs.location, expected: "a list `[a, b]`")
            }
            return try inExpression(field: field, values: items, ignoreCase: false, negated: false)
        case .binary(.matches, let lhs, let rhs):
            guard let c = rhs.call else {
                throw QueryError(.semantic, "found `\(rhs)` after `=~`", at: rhs.location, expected: "a function call")
            }
            return try filterCall(c, field: lhs)
        case .call(let c):
            return try filterCall(c)
        case .word(let t), .string(let t):
            if t == "*" { return .literal(.bool(true)) }
            return .fieldMatch(field: "@rawstring", try pattern(e, anchored: false), negated: false)
        case .regex:
            return .fieldMatch(field: "@rawstring", try pattern(e), negated: false)
        case .parameter(let p):
            throw unsupportedParameter(p, at: e.location)
        case .subQuery:
            throw unsupportedSubQuery(at: e.location)
        case .array:
            throw QueryError(.semantic, "a list is not a filter", at: e.location, expected: "a filter such as `Field = value`")
        case .binary, .unary(.negate, _):
            throw QueryError(.semantic, "arithmetic is not a filter", at: e.location, expected: "a comparison inside `test()` or an assignment with `:=`")
        }
    }

    /// The plan operator of a CQL comparison.
    static func comparison(_ op: CQLExpression.BinaryOperator) -> BinaryOperator {
        switch op {
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        case .notEqual: return .notEqual
        default: return .equal
        }
    }

    /// `Field` equal to any of the values (compared as text; `*` in a value is a wildcard).
    static func inExpression(field: String, values: [CQLExpression], ignoreCase: Bool, negated: Bool) throws(QueryError) -> Expression {
        guard !values.isEmpty else { return .literal(.bool(negated)) }
        var terms: [Expression] = []
        for v in values {
            let p: StringPattern
            if case .regex = v.kind {
                throw QueryError(.semantic, "found `\(v)` in the values of `in`", at: v.location, expected: "a value or a \"string\"")
            }
            p = try pattern(v, ignoreCase: ignoreCase)
            terms.append(.fieldMatch(field: field, p, negated: negated))
        }
        return negated ? allOf(terms) : anyOf(terms)
    }

    /// A filter function as a condition: `in()`, `test()`, `wildcard()`, `cidr()`, `regex()`.
    /// `field` is the field given by `Field =~ function(...)`.
    static func filterCall(_ c: CQLFunctionCall, field: CQLExpression? = nil) throws(QueryError) -> Expression {
        var call = c
        if let field {
            guard call.argument(named: "field") == nil else {
                throw QueryError(.semantic, "`\(c.name)()` after `=~` already has a field", at: c.location)
            }
            call.arguments.insert(CQLFunctionCall.Argument(name: "field", value: field, location: field.location), at: 0)
        }
        switch call.canonicalName {
        case "in":
            let a = try CQLArguments(call, parameters: ["values", "ignoreCase"], positional: ["field"])
            let name = try a.requireFieldName("field")
            let values = try a.require("values")
            let items: [CQLExpression]
            if case .array(let list) = values.kind { items = list } else { items = [values] }
            return try inExpression(field: name, values: items, ignoreCase: try a.bool("ignoreCase") ?? false, negated: false)
        case "test":
            return try testExpression(call)
        case "wildcard":
            let a = try CQLArguments(call, parameters: ["field", "ignoreCase", "includeEverythingForEmptyPattern"], positional: ["pattern"])
            let patternArgument = try a.require("pattern")
            guard patternArgument.text != nil else {
                throw QueryError(.semantic, "found `\(patternArgument)` as the pattern of `wildcard()`", at: patternArgument.location, expected: "a \"string\"")
            }
            let ignoreCase = try a.bool("ignoreCase") ?? false
            if let f = try a.fieldName("field") {
                return .fieldMatch(field: f, try pattern(patternArgument, ignoreCase: ignoreCase), negated: false)
            }
            return .fieldMatch(field: "@rawstring", try pattern(patternArgument, ignoreCase: ignoreCase, anchored: false), negated: false)
        case "cidr":
            let a = try CQLArguments(call, parameters: ["subnet", "negate"], positional: ["field"])
            let f = try a.requireFieldName("field")
            let subnets = try a.require("subnet")
            var args: [Expression] = [.field(f)]
            let items: [CQLExpression]
            if case .array(let list) = subnets.kind { items = list } else { items = [subnets] }
            for s in items {
                guard let t = s.text else {
                    throw QueryError(.semantic, "found `\(s)` as a subnet", at: s.location, expected: "a subnet such as \"10.0.0.0/8\"")
                }
                args.append(.literal(.string(t)))
            }
            let match = Expression.call("cidr_match", args)
            return try a.bool("negate") == true ? negate(match) : match
        case "regex":
            let steps = try regexSteps(call)
            var conditions: [Expression] = []
            for step in steps {
                switch step {
                case .condition(let e): conditions.append(e)
                case .extraction(_, _, let condition): if let condition { conditions.append(condition) }
                }
            }
            return conditions.isEmpty ? .literal(.bool(true)) : allOf(conditions)
        default:
            if Self.stageFunctions.contains(call.canonicalName) || Self.aggregateFunctions.contains(call.canonicalName) {
                throw QueryError(
                    .semantic, "`\(call.name)()` cannot be combined with filters in one stage", at: call.location,
                    expected: "`|` before `\(call.name)()`")
            }
            throw unsupported(call)
        }
    }

    /// `test(expression)`; a named argument `a=b` (as the parser reads `test(a = b)`) is `a == b`.
    static func testExpression(_ c: CQLFunctionCall) throws(QueryError) -> Expression {
        var terms: [Expression] = []
        for argument in c.arguments {
            if let name = argument.name {
                terms.append(.binary(.equal, .field(name), try valueExpression(argument.value)))
            } else {
                terms.append(try valueExpression(argument.value))
            }
        }
        guard !terms.isEmpty else {
            throw QueryError(.semantic, "`test()` needs an expression", at: c.location, expected: "a condition such as `test(a > b)`")
        }
        return allOf(terms)
    }
}
