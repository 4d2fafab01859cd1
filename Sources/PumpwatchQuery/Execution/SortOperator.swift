import PumpwatchCore

/// Runs `LogicalPlan.sort`: a stable sort; with a limit, a bounded top-N buffer.
final class SortOperator: RowOperator, OperatorStateCopying {
    let keys: [SortKey]
    let limit: Int?
    let evaluator: ExpressionEvaluator
    let next: RowOperator
    private var buffer: [(keys: [Value], seq: Int, row: Row)] = []
    private var seq = 0

    init(keys: [SortKey], limit: Int?, evaluator: ExpressionEvaluator, next: RowOperator) {
        self.keys = keys
        self.limit = limit
        self.evaluator = evaluator
        self.next = next
    }

    func push(_ row: Row) {
        buffer.append((keys.map { evaluator.evaluate($0.expression, row) }, seq, row))
        seq += 1
        if let limit, buffer.count >= max(2 * limit, 1024) { compact(limit) }
    }

    /// Takes `other`'s buffered rows and its arrival counter (which breaks ties between equal keys).
    func copyState(from other: SortOperator) {
        buffer = other.buffer
        seq = other.seq
    }

    private func compact(_ limit: Int) {
        sortBuffer()
        if buffer.count > limit { buffer.removeLast(buffer.count - limit) }
    }

    private func sortBuffer() {
        let dialect = evaluator.context.dialect
        buffer.sort { a, b in
            for (i, k) in keys.enumerated() {
                let c = SortOperator.compare(a.keys[i], b.keys[i], key: k, dialect: dialect)
                if c != 0 { return c < 0 }
            }
            return a.seq < b.seq
        }
    }

    /// Orders two key values per the sort key, placing nulls per the key or the dialect default.
    static func compare(_ x: Value, _ y: Value, key: SortKey, dialect: Dialect) -> Int {
        let xn = x.isNull, yn = y.isNull
        if xn || yn {
            if xn && yn { return 0 }
            // ES|QL: nulls last ascending, first descending; CQL: missing values last.
            let nullsFirst = key.nullsFirst ?? (dialect == .esql ? key.order == .descending : false)
            return xn ? (nullsFirst ? -1 : 1) : (nullsFirst ? 1 : -1)
        }
        let c = ValueComparison.sortOrder(x, y, comparison: key.comparison, dialect: dialect)
        if key.comparison == .number, dialect == .cql, (x.doubleValue == nil) != (y.doubleValue == nil) {
            return c  // non-numbers last in either order
        }
        return key.order == .ascending ? c : -c
    }

    func finish() {
        sortBuffer()
        var n = 0
        for item in buffer {
            if let limit, n >= limit { break }
            next.push(item.row)
            n += 1
        }
        buffer = []
        next.finish()
    }
}
