import PumpwatchCore

/// Runs `LogicalPlan.aggregate`: a hash table from group key to accumulators.
///
/// Memory grows with the number of groups, never with the input. When a key is
/// `date_trunc(span, @timestamp)`, groups whose window has closed are emitted on
/// `advanceWatermark(to:)`, so endless streams keep bounded state.
final class AggregateOperator: RowOperator {
    let aggregation: Aggregation
    let evaluator: ExpressionEvaluator
    let diagnostics: QueryDiagnostics
    let next: RowOperator
    private var index: [[Value]: Int] = [:]
    private var groups: [(key: [Value], accumulators: [Accumulator])?] = []
    private var liveGroups = 0
    private var sawRow = false
    private let windowKey: (index: Int, span: TimeSpan)?

    init(aggregation: Aggregation, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics, next: RowOperator) {
        self.aggregation = aggregation
        self.evaluator = evaluator
        self.diagnostics = diagnostics
        self.next = next
        var window: (Int, TimeSpan)?
        for (i, k) in aggregation.keys.enumerated() {
            if case .call("date_trunc", let args) = k.expression, args.count == 2, case .timeSpan(let span) = args[0],
                case .field("@timestamp") = args[1]
            {
                window = (i, span)
                break
            }
        }
        windowKey = window
    }

    func push(_ row: Row) {
        sawRow = true
        let keyValues = aggregation.keys.map { evaluator.evaluate($0.expression, row) }
        if aggregation.dropNullKeys && keyValues.contains(where: \.isNull) { return }
        // A multi-valued key puts the row in one group per value.
        var combos: [[Value]] = [[]]
        for v in keyValues {
            if case .array(let items) = v, !items.isEmpty {
                combos = combos.flatMap { prefix in items.map { prefix + [$0] } }
            } else {
                combos = combos.map { $0 + [v.isNull ? .null : v] }
            }
        }
        for key in combos { accumulate(key: key, row: row) }
    }

    private func accumulate(key: [Value], row: Row) {
        let slot: Int
        if let s = index[key] {
            slot = s
        } else {
            if let limit = aggregation.groupLimit, liveGroups >= limit {
                diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
                return
            }
            slot = groups.count
            index[key] = slot
            groups.append((key, aggregation.aggregates.map { Accumulator(call: $0, dialect: evaluator.context.dialect) }))
            liveGroups += 1
        }
        for i in aggregation.aggregates.indices {
            let call = aggregation.aggregates[i]
            if let f = call.filter, !evaluator.holds(f, row) { continue }
            let v = call.argument.map { evaluator.evaluate($0, row) } ?? .null
            groups[slot]!.accumulators[i].add(v, row: row)
        }
    }

    private func output(_ key: [Value], _ accumulators: [Accumulator]) -> Row {
        var pairs: [(String, Value)] = []
        let keyPairs = zip(aggregation.keys, key).map { ($0.name, $1) }
        let aggPairs = accumulators.map { ($0.call.outputName, $0.result) }
        switch aggregation.columnOrder {
        case .keysThenAggregates: pairs = keyPairs + aggPairs
        case .aggregatesThenKeys: pairs = aggPairs + keyPairs
        }
        return Row(ordered: pairs)
    }

    func advanceWatermark(to millis: Int64) {
        guard let windowKey else { return }
        for i in groups.indices {
            guard let g = groups[i], case .date(let start) = g.key[windowKey.index] else { continue }
            if DateMath.add(start, windowKey.span, sign: 1) <= millis {
                next.push(output(g.key, g.accumulators))
                index.removeValue(forKey: g.key)
                groups[i] = nil
                liveGroups -= 1
            }
        }
        if liveGroups == 0 { groups.removeAll(keepingCapacity: true) }
        next.advanceWatermark(to: millis)
    }

    func finish() {
        if groups.isEmpty && !sawRow && aggregation.keys.isEmpty && aggregation.emptyInputGivesRow {
            next.push(output([], aggregation.aggregates.map { Accumulator(call: $0, dialect: evaluator.context.dialect) }))
        }
        for g in groups {
            guard let g else { continue }
            next.push(output(g.key, g.accumulators))
        }
        groups = []
        index = [:]
        next.finish()
    }
}
