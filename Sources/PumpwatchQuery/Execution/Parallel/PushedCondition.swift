import PumpwatchCore

/// A conjunct of a filter that can be tested on an event's source fields before the event is built.
///
/// `shape` restates it, when possible, in a form readers check without the engine (see the
/// reader's `EventCondition`): `equals` and `contains` hold for a string field equal to, or
/// holding, a non-empty text and fail for an absent field; `compareDate` holds for a date field
/// in the given relation to a fixed time and fails for an absent field. Any other value goes to
/// the engine.
public struct PushedCondition: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        case equals(String)
        case contains(String)
        case compareDate(BinaryOperator, Int64)
    }

    /// The conjunct as planned.
    public var expression: Expression
    /// The fields it reads, sorted.
    public var fields: [String]
    /// Its reader-checkable form on `fields[0]`, when it has one.
    public var shape: Shape?

    init(expression: Expression, dialect: Dialect, evaluator: ExpressionEvaluator) {
        self.expression = expression
        self.fields = expression.fieldsRead.sorted()
        self.shape = PushedCondition.shape(of: expression, dialect: dialect, evaluator: evaluator)
    }

    /// The shape of `e`, when its meaning on strings and dates is exactly the shape's.
    static func shape(of e: Expression, dialect: Dialect, evaluator: ExpressionEvaluator) -> Shape? {
        switch e {
        case .binary(.equal, .field, .literal(.string(let t))), .binary(.equal, .literal(.string(let t)), .field):
            // CQL compares numeric text as numbers; only text that is not a number compares as text.
            guard !t.isEmpty, dialect == .esql || Value.parseNumber(t) == nil else { return nil }
            return .equals(t)
        case .fieldMatch(_, let p, false):
            guard case .exact(let t) = p.kind, !t.isEmpty, p.anchored, !p.caseInsensitive else { return nil }
            return .equals(t)
        case .patternMatch(.field, let p, false):
            guard case .glob(let g, let questionMark) = p.kind, p.anchored, !p.caseInsensitive else { return nil }
            let chars = Array(g)
            guard chars.count >= 3, chars.first == "*", chars.last == "*" else { return nil }
            let inner = chars[1..<(chars.count - 1)]
            guard !inner.contains(where: { $0 == "*" || $0 == "\\" || ($0 == "?" && questionMark) }) else { return nil }
            return .contains(String(inner))
        case .binary(let op, .field, let bound) where op.isComparison && bound.fieldsRead.isEmpty:
            guard case .date(let ms) = evaluator.evaluate(bound, Row(values: [:])) else { return nil }
            return .compareDate(op, ms)
        case .binary(let op, let bound, .field) where op.isComparison && bound.fieldsRead.isEmpty:
            guard case .date(let ms) = evaluator.evaluate(bound, Row(values: [:])) else { return nil }
            return .compareDate(op.flipped, ms)
        default:
            return nil
        }
    }
}

extension BinaryOperator {
    /// The comparison with its operands swapped (`a < b` is `b > a`).
    var flipped: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }
}
