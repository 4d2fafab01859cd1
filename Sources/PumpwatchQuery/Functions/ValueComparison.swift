import PumpwatchCore

/// Compares and orders values with the conversions each query language applies.
public enum ValueComparison {
    /// Three-way comparison, or nil when either side is null, a multi-value, or the types don't compare.
    ///
    /// Numbers compare numerically; a date compares with a date, a number (ms) or date text; in CQL
    /// numeric text compares as a number (Falcon values are strings); other text compares lexically.
    public static func compare(_ a: Value, _ b: Value, dialect: Dialect) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null), (.array, _), (_, .array): return nil
        case (.date(let x), .date(let y)): return order(x, y)
        case (.date(let x), .string(let s)):
            guard let y = Timestamp.parse(s) else { return nil }
            return order(x, y)
        case (.string(let s), .date(let y)):
            guard let x = Timestamp.parse(s) else { return nil }
            return order(x, y)
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.int(let x), .int(let y)): return order(x, y)
        case (.string(let x), .string(let y)):
            if dialect == .cql, let dx = Value.parseNumber(x), let dy = Value.parseNumber(y) { return order(dx, dy) }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.bool, _), (_, .bool):
            if let s = a.stringValue, let t = b.stringValue { return s == t ? 0 : nil }
            return nil
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return order(x, y) }
            if let s = a.stringValue, let t = b.stringValue { return s < t ? -1 : (s == t ? 0 : 1) }
            return nil
        }
    }

    @inline(__always) static func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// Total order for sorting: nulls are placed by the caller; mixed types order numbers before text.
    public static func sortOrder(_ a: Value, _ b: Value, comparison: SortKey.Comparison, dialect: Dialect) -> Int {
        switch comparison {
        case .number:
            let x = a.doubleValue, y = b.doubleValue
            switch (x, y) {
            case (let x?, let y?): return order(x, y)
            case (nil, nil): return order(a.stringValue ?? "", b.stringValue ?? "")
            case (nil, _): return 1
            case (_, nil): return -1
            }
        case .string:
            return order(a.stringValue ?? "", b.stringValue ?? "")
        case .hex:
            let x = a.stringValue.flatMap { UInt64($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: 16) }
            let y = b.stringValue.flatMap { UInt64($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: 16) }
            switch (x, y) {
            case (let x?, let y?): return order(x, y)
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            }
        case .natural:
            if let c = compare(a, b, dialect: dialect) { return c }
            let ra = rank(a), rb = rank(b)
            if ra != rb { return order(ra, rb) }
            return order(a.stringValue ?? "", b.stringValue ?? "")
        }
    }

    static func rank(_ v: Value) -> Int {
        switch v {
        case .bool: return 0
        case .int, .double: return 1
        case .date: return 2
        case .string: return 3
        case .array: return 4
        case .null: return 5
        }
    }

    /// Equality used by `==` and `IN`: nil when either side is null.
    public static func equals(_ a: Value, _ b: Value, dialect: Dialect) -> Bool? {
        guard let c = compare(a, b, dialect: dialect) else {
            if a.isNull || b.isNull { return nil }
            if case .array = a { return nil }
            if case .array = b { return nil }
            return false
        }
        return c == 0
    }
}
