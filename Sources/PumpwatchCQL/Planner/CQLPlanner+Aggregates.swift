import PumpwatchCore
import PumpwatchQuery

extension CQLPlanner {
    /// The aggregate functions, usable as stages, in `groupBy(function=...)` and in `stats()`.
    static let aggregateFunctions: Set<String> = ["count", "dc", "sum", "avg", "min", "max", "collect", "selectlast"]

    /// `groupBy([keys], function=[...], limit=N)`: keys first, then the aggregates; `_count`
    /// without `function=`; events lacking a key drop out.
    static func groupBy(_ c: CQLFunctionCall) throws(QueryError) -> Aggregation {
        let a = try CQLArguments(c, parameters: ["function", "limit"], positional: ["field"])
        guard let keys = try a.fieldNames("field"), !keys.isEmpty else {
            throw QueryError(.semantic, "`groupBy()` needs a field", at: c.location, expected: "`groupBy(field)` or `groupBy([a, b])`")
        }
        let aggregates = try functionArgument(a)
        let groupKeys = keys.map { GroupKey(name: $0, expression: .field($0)) }
        try checkNames(keys: keys, aggregates: aggregates)
        return Aggregation(
            keys: groupKeys, aggregates: aggregates.map(\.call), columnOrder: .keysThenAggregates,
            groupLimit: try a.int("limit", maximum: maximumGroupLimit) ?? defaultGroupLimit,
            dropNullKeys: true, emptyInputGivesRow: false)
    }

    /// An aggregate and the call it comes from, for error locations.
    typealias LocatedAggregate = (call: AggregateCall, location: SourceLocation)

    /// The aggregates of `function=`, or `count()` as `_count` when it is absent.
    static func functionArgument(_ a: CQLArguments) throws(QueryError) -> [LocatedAggregate] {
        guard let function = a.expression("function") else {
            return [(AggregateCall(function: .count, argument: nil, outputName: "_count"), a.location)]
        }
        return try aggregateCalls(function)
    }

    /// Aggregates without keys (`| count()`, `stats()`, `[a(), b()]`): one row, also over no events.
    static func ungrouped(_ aggregates: [LocatedAggregate]) throws(QueryError) -> Aggregation {
        try checkNames(keys: [], aggregates: aggregates)
        return Aggregation(
            keys: [], aggregates: aggregates.map(\.call), columnOrder: .keysThenAggregates, groupLimit: nil,
            dropNullKeys: true, emptyInputGivesRow: true)
    }

    /// Fails when two output columns would have the same name.
    static func checkNames(keys: [String], aggregates: [LocatedAggregate]) throws(QueryError) {
        var seen = Set(keys)
        for a in aggregates where !seen.insert(a.call.outputName).inserted {
            throw QueryError(
                .semantic, "two output columns are named `\(a.call.outputName)`", at: a.location,
                expected: "a distinct name for each output (use `as=`)")
        }
    }

    /// `bucket(span=1h, field=[...], function=[...])` and `timeChart(series, span=1h, function=[...])`:
    /// rows per time bucket (`_bucket`, the start of the span) and key.
    static func timeBuckets(_ c: CQLFunctionCall) throws(QueryError) -> Aggregation {
        let isBucket = c.canonicalName == "bucket"
        let a = try CQLArguments(
            c, parameters: isBucket ? ["span", "field", "function", "limit", "buckets"] : ["span", "function", "limit", "buckets"],
            positional: isBucket ? ["span"] : ["series"])
        if a.has("buckets") {
            throw QueryError(.unsupported, "\(c.name)(buckets=...)", at: a.argument("buckets")?.location ?? c.location)
        }
        guard let spanExpression = a.expression("span") else {
            throw QueryError(.semantic, "`\(c.name)()` needs a span", at: c.location, expected: "`span=1h`")
        }
        guard let text = spanExpression.text, let span = timeSpan(text) else {
            throw QueryError(.semantic, "found `\(spanExpression)` as a span", at: spanExpression.location, expected: "a span such as `10s`, `5m`, `1h` or `1d`")
        }
        var keys = [GroupKey(name: "_bucket", expression: .call("date_trunc", [.timeSpan(span), .field("@timestamp")]))]
        let extra = try a.fieldNames(isBucket ? "field" : "series") ?? []
        keys += extra.map { GroupKey(name: $0, expression: .field($0)) }
        let aggregates = try functionArgument(a)
        try checkNames(keys: keys.map(\.name), aggregates: aggregates)
        return Aggregation(
            keys: keys, aggregates: aggregates.map(\.call), columnOrder: .keysThenAggregates,
            groupLimit: isBucket ? try a.int("limit", maximum: maximumGroupLimit) : nil,
            dropNullKeys: true, emptyInputGivesRow: false)
    }

    /// `10s`, `5m`, `1h`, `2d`, `1w`, `30min`, `1mon`, `1y`: an amount and a unit.
    static func timeSpan(_ text: String) -> TimeSpan? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard let amount = Int64(digits), amount > 0 else { return nil }
        let unitText = String(text.dropFirst(digits.count))
        let unit: TimeSpan.Unit? = unitText.lowercased() == "mon" ? .month : TimeSpan.unit(named: unitText)
        return unit.map { TimeSpan(amount: amount, unit: $0) }
    }

    /// The aggregates of `function=`: one call or a list of calls.
    static func aggregateCalls(_ e: CQLExpression) throws(QueryError) -> [LocatedAggregate] {
        switch e.kind {
        case .call(let c): return try aggregateCalls(c).map { ($0, c.location) }
        case .subQuery: throw unsupportedSubQuery(at: e.location)
        case .array(let items):
            var out: [LocatedAggregate] = []
            for item in items {
                guard let c = item.call else {
                    throw QueryError(.semantic, "found `\(item)` in a list of aggregates", at: item.location, expected: "an aggregate such as `count()`")
                }
                out += try aggregateCalls(c).map { ($0, c.location) }
            }
            return out
        default:
            throw QueryError(.semantic, "found `\(e)` as an aggregate", at: e.location, expected: "an aggregate such as `count()` or a list `[count(), max(x)]`")
        }
    }

    /// One aggregate function; `collect` and `selectLast` give one output per field.
    static func aggregateCalls(_ c: CQLFunctionCall) throws(QueryError) -> [AggregateCall] {
        switch c.canonicalName {
        case "count":
            let a = try CQLArguments(c, parameters: ["as", "distinct"], positional: ["field"])
            let output = try a.fieldName("as") ?? "_count"
            let distinct = try a.bool("distinct") ?? false
            guard let field = try a.fieldName("field") else {
                if distinct {
                    throw QueryError(.semantic, "`count(distinct=true)` needs a field", at: c.location, expected: "`count(field, distinct=true)`")
                }
                return [AggregateCall(function: .count, argument: nil, outputName: output)]
            }
            return [AggregateCall(function: distinct ? .countDistinct : .countValues, argument: .field(field), outputName: output)]
        case "dc":
            let a = try CQLArguments(c, parameters: ["as"], positional: ["field"])
            return [AggregateCall(function: .countDistinct, argument: .field(try a.requireFieldName("field")), outputName: try a.fieldName("as") ?? "_dc")]
        case "sum", "avg", "min", "max":
            let a = try CQLArguments(c, parameters: ["as"], positional: ["field"])
            let function: AggregateFunction
            switch c.canonicalName {
            case "sum": function = .sum
            case "avg": function = .avg
            case "min": function = .min
            default: function = .max
            }
            return [
                AggregateCall(
                    function: function, argument: .field(try a.requireFieldName("field")),
                    outputName: try a.fieldName("as") ?? "_" + c.canonicalName)
            ]
        case "collect":
            let a = try CQLArguments(c, parameters: ["limit", "separator"], positional: ["fields"])
            guard let fields = try a.fieldNames("fields"), !fields.isEmpty else {
                throw QueryError(.semantic, "`collect()` needs a field", at: c.location, expected: "`collect(field)`")
            }
            let limit = try a.int("limit") ?? 2000
            let separator = try a.string("separator") ?? "\n"
            return fields.map { AggregateCall(function: .values, argument: .field($0), outputName: $0, limit: limit, separator: separator) }
        case "selectlast":
            let a = try CQLArguments(c, parameters: [], positional: ["fields"])
            guard let fields = try a.fieldNames("fields"), !fields.isEmpty else {
                throw QueryError(.semantic, "`selectLast()` needs a field", at: c.location, expected: "`selectLast(field)`")
            }
            return fields.map { AggregateCall(function: .last, argument: .field($0), outputName: $0) }
        case "groupby", "stats", "bucket", "timechart":
            throw QueryError(.unsupported, "\(c.name)() inside function=", at: c.location)
        default:
            if stageFunctions.contains(c.canonicalName) || scalarFunctions.contains(c.canonicalName) {
                throw QueryError(.semantic, "`\(c.name)()` is not an aggregate", at: c.location, expected: "an aggregate such as `count()`, `max()` or `collect()`")
            }
            throw unsupported(c)
        }
    }
}
