import PumpwatchCore

/// Runs `LogicalPlan.dissect`: splits a string by the pattern's delimiters into new columns.
///
/// When the text does not match, the new columns are null and the row is kept (ES|QL).
final class DissectOperator: RowOperator {
    let field: Expression
    let pattern: DissectPattern
    let evaluator: ExpressionEvaluator
    let next: RowOperator

    init(field: Expression, pattern: DissectPattern, evaluator: ExpressionEvaluator, next: RowOperator) {
        self.field = field
        self.pattern = pattern
        self.evaluator = evaluator
        self.next = next
    }

    func push(_ row: Row) {
        var r = row
        let text = evaluator.scalarText(evaluator.evaluate(field, row))
        let values = text.flatMap { DissectOperator.dissect($0, pattern) }
        for name in pattern.outputNames {
            let v: Value = values?[name].map { .string($0) } ?? .null
            r.set(name, v, moveToEnd: true)
        }
        next.push(r)
    }

    /// The key values of `text` under `pattern`, or nil when it does not match.
    static func dissect(_ text: String, _ pattern: DissectPattern) -> [String: String]? {
        var rest = Substring(text)
        guard rest.hasPrefix(pattern.prefix) else { return nil }
        rest = rest.dropFirst(pattern.prefix.count)
        var out: [String: String] = [:]
        for (i, (key, delimiter)) in pattern.keys.enumerated() {
            let value: Substring
            if delimiter.isEmpty {
                if i == pattern.keys.count - 1 {
                    value = rest
                    rest = rest[rest.endIndex...]
                } else {
                    value = rest[rest.startIndex..<rest.startIndex]
                }
            } else {
                guard let range = rest.range(of: delimiter) else { return nil }
                value = rest[rest.startIndex..<range.lowerBound]
                rest = rest[range.upperBound...]
                if key.rightPadding {
                    while rest.hasPrefix(delimiter) { rest = rest.dropFirst(delimiter.count) }
                }
            }
            switch key.modifier {
            case .skip: break
            case .append:
                if let existing = out[key.name] {
                    out[key.name] = existing + pattern.appendSeparator + value
                } else {
                    out[key.name] = String(value)
                }
            case .none:
                if !key.name.isEmpty { out[key.name] = String(value) }
            }
        }
        return out
    }

    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
