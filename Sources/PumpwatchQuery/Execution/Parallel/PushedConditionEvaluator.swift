import PumpwatchCore

/// Tests pushed conditions on an event's fields with the engine's own evaluator; one per thread.
public final class PushedConditionEvaluator {
    private let conditions: [PushedCondition]
    private let evaluator: ExpressionEvaluator

    init(conditions: [PushedCondition], context: ExecutionContext) {
        self.conditions = conditions
        self.evaluator = ExpressionEvaluator(context: context)
    }

    /// True when condition `index` holds for an event with these fields.
    public func holds(_ index: Int, fields: [String: Value]) -> Bool {
        evaluator.holds(conditions[index].expression, Row(values: fields))
    }
}
