import PumpwatchCore

/// Runs `LogicalPlan.mvExpand`: one row per value of a multi-valued column.
final class MvExpandOperator: RowOperator {
    let field: String
    let next: RowOperator

    init(field: String, next: RowOperator) {
        self.field = field
        self.next = next
    }

    func push(_ row: Row) {
        guard case .array(let items)? = row.values[field], !items.isEmpty else {
            next.push(row)
            return
        }
        for item in items {
            var r = row
            r.values[field] = item
            next.push(r)
        }
    }

    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
