import PumpwatchCore
import PumpwatchQuery

/// Lowers `STATS aggregates BY keys` to an `Aggregate` node (and, for expressions over
/// aggregates, an `Eval` and a `Project` that drops the hidden aggregate columns).
enum StatsLowering {
    /// The prefix of hidden aggregate columns; `$` cannot start an ES|QL name, so none clashes.
    static let hiddenPrefix = "$stats"

    static func plan(
        input: LogicalPlan, aggregates: [ESQLCommand.Field], groupings: [ESQLCommand.Field]
    ) throws(QueryError) -> LogicalPlan {
        var keys: [GroupKey] = []
        for field in groupings {
            keys.append(GroupKey(name: field.columnName, expression: try groupingExpression(field.expression)))
        }
        let keyNames = Set(keys.map(\.name))

        var calls: [AggregateCall] = []
        var hidden: [String] = []
        /// Per aggregate field: nil when it is a plain aggregate column, else the expression over hidden columns.
        var computed: [(name: String, expression: Expression?)] = []
        for field in aggregates {
            let name = field.columnName
            let filter = try field.filter.map { (f: ESQLExpression) throws(QueryError) -> Expression in try ExpressionLowering.scalar(f) }
            if case .call(let function, let arguments) = field.expression.kind, ESQLFunctions.isAggregate(function) {
                calls.append(try aggregateCall(field.expression, function.lowercased(), arguments, output: name, filter: filter))
                computed.append((name, nil))
                continue
            }
            var usesAggregate = false
            let expression = try ExpressionLowering.lower(field.expression) {
                (call: ESQLExpression, function: String, arguments: [ESQLExpression]) throws(QueryError) -> Expression in
                usesAggregate = true
                let column = "\(hiddenPrefix)\(hidden.count)"
                hidden.append(column)
                calls.append(try aggregateCall(call, function, arguments, output: column, filter: filter))
                return .field(column)
            }
            guard usesAggregate else {
                throw QueryError(.semantic, "STATS needs an aggregate function here, such as COUNT(*) or MAX(field); got \(field.expression.text)",
                    at: field.expression.location)
            }
            for read in expression.fieldsRead where !read.hasPrefix(hiddenPrefix) && !keyNames.contains(read) {
                throw QueryError(.semantic, "column '\(read)' in \(field.expression.text) must be a BY key or inside an aggregate function",
                    at: field.expression.location)
            }
            computed.append((name, expression))
        }

        let aggregation = Aggregation(keys: keys, aggregates: calls, columnOrder: .aggregatesThenKeys,
            dropNullKeys: false, emptyInputGivesRow: keys.isEmpty)
        var plan = LogicalPlan.aggregate(input, aggregation)
        guard let firstComputed = computed.firstIndex(where: { $0.expression != nil }) else { return plan }
        // Evaluating moves a column to the end, so reassign everything from the first computed
        // column on to keep the written order, then drop the hidden aggregates.
        var assignments: [Assignment] = []
        for (name, expression) in computed[firstComputed...] {
            assignments.append(Assignment(name: name, expression: expression ?? .field(name)))
        }
        for key in keys {
            assignments.append(Assignment(name: key.name, expression: .field(key.name)))
        }
        plan = .eval(plan, assignments)
        return .project(plan, .drop(hidden))
    }

    private static func groupingExpression(_ e: ESQLExpression) throws(QueryError) -> Expression {
        try ExpressionLowering.lower(e) { (call: ESQLExpression, _: String, _: [ESQLExpression]) throws(QueryError) -> Expression in
            throw QueryError(.semantic, "BY cannot group on an aggregate (\(call.text))", at: call.location)
        }
    }

    static func aggregateCall(
        _ call: ESQLExpression, _ function: String, _ arguments: [ESQLExpression], output: String, filter: Expression?
    ) throws(QueryError) -> AggregateCall {
        let upper = function.uppercased()
        guard let kind = ESQLFunctions.aggregates[function] else {
            throw QueryError(.unsupported, upper, at: call.location)
        }
        var args: [Expression] = []
        var isStar = false
        for a in arguments {
            if case .star = a.kind {
                isStar = true
                continue
            }
            args.append(try ExpressionLowering.lower(a) { (inner: ESQLExpression, _: String, _: [ESQLExpression]) throws(QueryError) -> Expression in
                throw QueryError(.semantic, "aggregate functions cannot be nested (\(inner.text) inside \(upper))", at: inner.location)
            })
        }
        if isStar, kind != .count {
            throw QueryError(.semantic, "'*' is only allowed in COUNT(*)", at: call.location)
        }
        switch kind {
        case .count:
            if isStar || args.isEmpty { return AggregateCall(function: .count, argument: nil, outputName: output, filter: filter) }
            guard args.count == 1 else {
                throw QueryError(.semantic, "COUNT takes one argument, not \(args.count)", at: call.location)
            }
            return AggregateCall(function: .countValues, argument: args[0], outputName: output, filter: filter)
        case .countDistinct:
            guard args.count == 1 || args.count == 2 else {
                throw QueryError(.semantic, "COUNT_DISTINCT takes a field and an optional precision, not \(args.count) arguments", at: call.location)
            }
            // The precision only tunes Elasticsearch's estimate; pumpwatch counts exactly.
            return AggregateCall(function: .countDistinct, argument: args[0], outputName: output, filter: filter)
        default:
            guard args.count == 1 else {
                throw QueryError(.semantic, "\(upper) takes one argument, not \(args.count)", at: call.location)
            }
            return AggregateCall(function: kind, argument: args[0], outputName: output, filter: filter)
        }
    }
}
