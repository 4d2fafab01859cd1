import PumpwatchCore

/// Runs `LogicalPlan.filter`: keeps rows whose condition is true.
final class FilterOperator: RowOperator {
    let condition: Expression
    let evaluator: ExpressionEvaluator
    let next: RowOperator

    init(condition: Expression, evaluator: ExpressionEvaluator, next: RowOperator) {
        self.condition = condition
        self.evaluator = evaluator
        self.next = next
    }

    func push(_ row: Row) {
        if evaluator.holds(condition, row) { next.push(row) }
    }
    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
