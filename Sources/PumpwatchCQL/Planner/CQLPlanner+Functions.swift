import PumpwatchCore
import PumpwatchQuery

extension CQLPlanner {
    /// Functions that are stages of their own (not aggregates, not scalar values).
    static let stageFunctions: Set<String> = [
        "groupby", "stats", "sort", "head", "tail", "table", "select", "drop", "rename", "default", "eval",
        "bucket", "timechart",
    ]

    /// A function call used as a stage.
    static func applyCall(_ c: CQLFunctionCall, to plan: LogicalPlan) throws(QueryError) -> LogicalPlan {
        let name = c.canonicalName
        switch name {
        case "groupby":
            return .aggregate(plan, try groupBy(c))
        case "stats":
            let a = try CQLArguments(c, parameters: [], positional: ["function"])
            return .aggregate(plan, try ungrouped(try aggregateCalls(try a.require("function"))))
        case _ where aggregateFunctions.contains(name):
            return .aggregate(plan, try ungrouped(try aggregateCalls(c).map { ($0, c.location) }))
        case "bucket", "timechart":
            return .aggregate(plan, try timeBuckets(c))
        case "sort":
            return try sort(c, plan)
        case "head", "tail":
            let a = try CQLArguments(c, parameters: [], positional: ["limit"])
            return .limit(plan, count: try a.int("limit") ?? defaultRowLimit, from: name == "head" ? .head : .tail)
        case "table":
            return try table(c, plan)
        case "select", "drop":
            let a = try CQLArguments(c, parameters: [], positional: ["fields"])
            let fields = try a.fieldNames("fields") ?? []
            return .project(plan, name == "select" ? .keep(fields) : .drop(fields))
        case "rename":
            return .project(plan, .rename(try renamePairs(c)))
        case "default":
            return .eval(plan, try defaults(c))
        case "eval":
            var assignments: [Assignment] = []
            for argument in c.arguments {
                guard let target = argument.name else {
                    throw QueryError(.semantic, "`eval()` takes assignments", at: argument.location, expected: "`eval(field = expression)`")
                }
                assignments.append(Assignment(name: target, expression: try valueExpression(argument.value), skipWhenNull: true))
            }
            guard !assignments.isEmpty else {
                throw QueryError(.semantic, "`eval()` needs an assignment", at: c.location, expected: "`eval(field = expression)`")
            }
            return .eval(plan, assignments)
        case "regex":
            return apply(try regexSteps(c), to: plan)
        case "in", "test", "wildcard", "cidr":
            return .filter(plan, try filterCall(c))
        case _ where scalarFunctions.contains(name):
            let (expression, output) = try scalarCall(c)
            guard let output else {
                throw QueryError(.semantic, "`\(c.name)()` needs the argument `as`", at: c.location, expected: "`as=...`")
            }
            return .eval(plan, [Assignment(name: output, expression: expression, skipWhenNull: true)])
        default:
            throw unsupported(c)
        }
    }

    // MARK: - Ordering and limits

    /// `sort(field, order=desc, limit=200, type=number)`: several fields with `[a, b]`; `order`
    /// and `type` may be lists, one per field.
    static func sort(_ c: CQLFunctionCall, _ plan: LogicalPlan) throws(QueryError) -> LogicalPlan {
        let a = try CQLArguments(c, parameters: ["order", "limit", "type", "reverse"], positional: ["field"])
        guard let fields = try a.fieldNames("field"), !fields.isEmpty else {
            throw QueryError(.semantic, "`sort()` needs a field", at: c.location, expected: "`sort(field)`")
        }
        let orders = try perField(a, "order", count: fields.count, choices: ["asc", "desc", "ascending", "descending"])
        let types = try perField(a, "type", count: fields.count, choices: ["number", "string", "hex", "any"])
        let reverse = try a.bool("reverse")
        if reverse != nil && a.has("order") {
            throw QueryError(.semantic, "`sort()` takes `order` or `reverse`, not both", at: a.argument("reverse")?.location ?? c.location)
        }
        var keys: [SortKey] = []
        for (i, f) in fields.enumerated() {
            var order: SortKey.Order = orders[i].map { $0.hasPrefix("asc") ? .ascending : .descending } ?? .descending
            if let reverse { order = reverse ? .descending : .ascending }
            keys.append(SortKey(expression: .field(f), order: order, comparison: sortComparison(types[i])))
        }
        return .sort(plan, keys, limit: try a.int("limit", maximum: 200_000) ?? defaultRowLimit)
    }

    /// The values of a parameter given once or as a list with one entry per field.
    static func perField(_ a: CQLArguments, _ name: String, count: Int, choices: [String]) throws(QueryError) -> [String?] {
        guard let e = a.expression(name) else { return Array(repeating: nil, count: count) }
        let items: [CQLExpression]
        if case .array(let list) = e.kind { items = list } else { items = Array(repeating: e, count: count) }
        guard items.count == count else {
            throw QueryError(.semantic, "`\(name)` lists \(items.count) values for \(count) fields", at: e.location, expected: "one value per field")
        }
        var out: [String?] = []
        for item in items {
            guard let t = item.text?.lowercased(), choices.contains(t) else {
                throw QueryError(
                    .semantic, "argument `\(name)` of `\(a.call.name)()` cannot be `\(item)`", at: item.location,
                    expected: "one of " + choices.map { "`\($0)`" }.joined(separator: ", "))
            }
            out.append(t)
        }
        return out
    }

    static func sortComparison(_ type: String?) -> SortKey.Comparison {
        switch type {
        case "string": return .string
        case "hex": return .hex
        case "any": return .natural
        default: return .number
        }
    }

    /// `table([fields], limit=200, sortby=@timestamp, order=desc)`: sort, keep the first rows, keep the fields.
    static func table(_ c: CQLFunctionCall, _ plan: LogicalPlan) throws(QueryError) -> LogicalPlan {
        let a = try CQLArguments(c, parameters: ["limit", "sortby", "order", "type"], positional: ["fields"])
        let fields = try a.fieldNames("fields") ?? []
        let sortBy = try a.fieldName("sortby") ?? "@timestamp"
        let order = try a.choice("order", ["asc", "desc", "ascending", "descending"]) ?? "desc"
        let type = try a.choice("type", ["number", "string", "hex", "any"])
        let key = SortKey(expression: .field(sortBy), order: order.hasPrefix("asc") ? .ascending : .descending, comparison: sortComparison(type))
        let sorted = LogicalPlan.sort(plan, [key], limit: try a.int("limit", maximum: 200_000) ?? defaultRowLimit)
        return .project(sorted, .keep(fields))
    }

    // MARK: - Fields

    /// `rename(field=a, as=b)` or `rename([[a, b], [c, d]])`.
    static func renamePairs(_ c: CQLFunctionCall) throws(QueryError) -> [RenamePair] {
        let a = try CQLArguments(c, parameters: ["as"], positional: ["field"])
        let field = try a.require("field")
        if case .array(let items) = field.kind {
            guard !a.has("as") else {
                throw QueryError(.semantic, "`rename()` with a list of pairs takes no `as`", at: a.argument("as")?.location ?? c.location)
            }
            var pairs: [RenamePair] = []
            for item in items {
                guard case .array(let pair) = item.kind, pair.count == 2 else {
                    throw QueryError(.semantic, "found `\(item)` in the list of `rename()`", at: item.location, expected: "a pair `[from, to]`")
                }
                pairs.append(
                    RenamePair(
                        from: try CQLArguments.fieldName(pair[0], of: c, argument: "field"),
                        to: try CQLArguments.fieldName(pair[1], of: c, argument: "field")))
            }
            return pairs
        }
        return [RenamePair(from: try CQLArguments.fieldName(field, of: c, argument: "field"), to: try a.requireFieldName("as"))]
    }

    /// `default(field=F, value=V)`: `F := coalesce(F, V)` for each field; with `replaceEmpty=true`
    /// an empty value is replaced too.
    static func defaults(_ c: CQLFunctionCall) throws(QueryError) -> [Assignment] {
        let a = try CQLArguments(c, parameters: ["field", "replaceEmpty"], positional: ["value"])
        guard let fields = try a.fieldNames("field"), !fields.isEmpty else {
            throw QueryError(.semantic, "`default()` needs the argument `field`", at: c.location, expected: "`field=...`")
        }
        let valueArgument = try a.require("value")
        let value: Expression
        switch valueArgument.kind {
        case .word(let t), .string(let t): value = .literal(.string(CQLText.literal(t)))
        case .unary(.negate, let x) where x.text != nil: value = .literal(.string("-" + (x.text ?? "")))
        default:
            throw QueryError(.semantic, "found `\(valueArgument)` as the value of `default()`", at: valueArgument.location, expected: "a value or a \"string\"")
        }
        let replaceEmpty = try a.bool("replaceEmpty") ?? false
        return fields.map { f in
            let filled = Expression.call("coalesce", [.field(f), value])
            let expression: Expression =
                replaceEmpty
                ? .caseWhen([WhenClause(.fieldMatch(field: f, StringPattern(.exact("")), negated: false), value)], otherwise: filled)
                : filled
            return Assignment(name: f, expression: expression, skipWhenNull: true)
        }
    }
}
