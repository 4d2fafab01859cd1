import PumpwatchCore

/// A scalar expression in the logical plan, shared by the CQL and ES|QL front ends.
///
/// Null handling is three-valued: an operator over a missing field gives null, and a filter keeps
/// a row only when its condition is `true`. CQL's "`!=` matches a missing field" is expressed with
/// `fieldMatch`, whose `negated` form is true for missing fields.
public indirect enum Expression: Sendable, Hashable {
    /// A field or column by name (dotted paths are plain names).
    case field(String)
    /// A constant.
    case literal(Value)
    /// A time span such as `10 seconds` or `7 day` (ES|QL) used in date arithmetic and truncation.
    case timeSpan(TimeSpan)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// A scalar function by its canonical lower-case name (see `ScalarFunctions`).
    case call(String, [Expression])
    /// `expr IN (a, b)`; `negated` for `NOT IN`.
    case inList(Expression, [Expression], negated: Bool)
    /// `expr IS NULL`, or `IS NOT NULL` when negated.
    case isNull(Expression, negated: Bool)
    /// A whole-string pattern match: ES|QL `LIKE` (glob) or `RLIKE` (regex).
    case patternMatch(Expression, StringPattern, negated: Bool)
    /// CQL field filter `Field = value`, `Field = /re/i`, `Field != *`: matches the field's string form.
    /// A missing field fails the positive form and passes the negated one.
    case fieldMatch(field: String, StringPattern, negated: Bool)
    /// The first branch whose condition is true gives the value; otherwise `otherwise` (or null).
    case caseWhen([WhenClause], otherwise: Expression?)
    /// A conversion (`::type` in ES|QL).
    case cast(Expression, ValueType)

    /// Every field name the expression reads.
    public var fieldsRead: Set<String> {
        var out = Set<String>()
        collectFields(into: &out)
        return out
    }

    func collectFields(into out: inout Set<String>) {
        switch self {
        case .field(let n): out.insert(n)
        case .literal, .timeSpan: break
        case .unary(_, let e), .cast(let e, _), .isNull(let e, _), .patternMatch(let e, _, _): e.collectFields(into: &out)
        case .binary(_, let a, let b): a.collectFields(into: &out); b.collectFields(into: &out)
        case .call(let name, let args):
            if name == "now" { break }
            for a in args { a.collectFields(into: &out) }
        case .inList(let e, let list, _):
            e.collectFields(into: &out)
            for a in list { a.collectFields(into: &out) }
        case .fieldMatch(let f, _, _): out.insert(f)
        case .caseWhen(let clauses, let otherwise):
            for c in clauses { c.condition.collectFields(into: &out); c.value.collectFields(into: &out) }
            otherwise?.collectFields(into: &out)
        }
    }
}

/// One `condition → value` branch of a `caseWhen`.
public struct WhenClause: Sendable, Hashable {
    public var condition: Expression
    public var value: Expression
    public init(_ condition: Expression, _ value: Expression) {
        self.condition = condition
        self.value = value
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "NOT"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case and = "AND", or = "OR"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// The target types of casts and conversion functions.
public enum ValueType: String, Sendable, Hashable {
    case string = "keyword", long, integer, double, boolean, datetime, ip
}

/// A duration literal (`10 seconds`, `7 day`, `1h`), kept with its calendar unit for `month`/`year`.
public struct TimeSpan: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable {
        case millisecond, second, minute, hour, day, week, month, quarter, year
    }
    public var amount: Int64
    public var unit: Unit

    public init(amount: Int64, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// The span in milliseconds; months and years use 30 and 365 days (exact calendar math is in `DateMath`).
    public var milliseconds: Int64 {
        let base: Int64
        switch unit {
        case .millisecond: base = 1
        case .second: base = 1000
        case .minute: base = 60_000
        case .hour: base = 3_600_000
        case .day: base = 86_400_000
        case .week: base = 7 * 86_400_000
        case .month: base = 30 * 86_400_000
        case .quarter: base = 91 * 86_400_000
        case .year: base = 365 * 86_400_000
        }
        return amount * base
    }

    /// Parses a unit word as ES|QL spells it (`seconds`, `s`, `sec`, `d`, `days`, `h`, `mo`, ...).
    public static func unit(named raw: String) -> Unit? {
        switch raw.lowercased() {
        case "ms", "millisecond", "milliseconds": return .millisecond
        case "s", "sec", "secs", "second", "seconds": return .second
        case "m", "min", "mins", "minute", "minutes": return .minute
        case "h", "hr", "hrs", "hour", "hours": return .hour
        case "d", "day", "days": return .day
        case "w", "week", "weeks": return .week
        case "mo", "month", "months": return .month
        case "q", "quarter", "quarters": return .quarter
        case "y", "yr", "yrs", "year", "years": return .year
        default: return nil
        }
    }

    public var description: String { "\(amount) \(unit.rawValue)\(amount == 1 ? "" : "s")" }
}
