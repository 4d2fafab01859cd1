import PumpwatchCore

/// Runs `LogicalPlan.eval`: assigns computed columns left to right.
final class EvalOperator: RowOperator {
    let assignments: [Assignment]
    let evaluator: ExpressionEvaluator
    let next: RowOperator
    let moveToEnd: Bool

    init(assignments: [Assignment], evaluator: ExpressionEvaluator, next: RowOperator) {
        self.assignments = assignments
        self.evaluator = evaluator
        self.next = next
        self.moveToEnd = evaluator.context.dialect == .esql
    }

    func push(_ row: Row) {
        var r = row
        for a in assignments {
            let v = evaluator.evaluate(a.expression, r)
            if v.isNull && a.skipWhenNull { continue }
            r.set(a.name, v, moveToEnd: moveToEnd)
        }
        next.push(r)
    }
    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
