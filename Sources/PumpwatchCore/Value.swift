/// A field value as the query engines see it: scalar, date or multi-value.
///
/// Falcon values arrive as strings and are converted in context (LogScale semantics);
/// CloudTrail values keep their JSON types. `date` holds epoch milliseconds (UTC).
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(Int64)
    case array([Value])

    /// True for `.null` and for an empty multi-value.
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .array(let a): return a.isEmpty
        default: return false
        }
    }

    /// The string form a SIEM prints for the value; `nil` for null.
    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.format(double: d)
        case .string(let s): return s
        case .date(let ms): return Timestamp.iso8601(millis: ms)
        case .array(let a): return a.compactMap(\.stringValue).joined(separator: ",")
        }
    }

    /// Numeric interpretation, converting strings as LogScale does (`"22"` is 22); `nil` when not numeric.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .date(let ms): return Double(ms)
        case .bool: return nil
        case .string(let s): return Value.parseNumber(s)
        case .null, .array: return nil
        }
    }

    /// Integer interpretation: integral numbers and numeric strings without a fraction.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .date(let ms): return ms
        case .double(let d): return d.isFinite && d == d.rounded() && abs(d) < 9.2e18 ? Int64(d) : nil
        case .string(let s):
            let t = s.trimmingSpaces()
            if let i = Int64(t) { return i }
            if let d = Value.parseNumber(t), d == d.rounded(), abs(d) < 9.2e18 { return Int64(d) }
            return nil
        default: return nil
        }
    }

    /// True when the value is a number (not a numeric string).
    public var isNumeric: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }

    /// The values of a multi-value, or the value itself as a one-element list (nothing for null).
    public var elements: [Value] {
        switch self {
        case .null: return []
        case .array(let a): return a
        default: return [self]
        }
    }

    /// Parses a decimal number written as text; accepts surrounding spaces, rejects hex, empty text,
    /// `nan` and `inf` spellings, and numbers too large for a double.
    public static func parseNumber(_ s: String) -> Double? {
        let t = s.trimmingSpaces()
        guard let first = t.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 48 && first <= 57)
        else { return nil }
        if t.utf8.contains(where: { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) { return nil }
        guard let d = Double(t), d.isFinite else { return nil }
        return d
    }

    /// Formats a double the way Elasticsearch and LogScale print it (`3.0`, `0.5`, `1.0E21`).
    public static func format(double d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return "\(d)"
    }
}

extension Value: CustomStringConvertible {
    public var description: String { stringValue ?? "null" }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line ends.
    public func trimmingSpaces() -> String {
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(self[start..<end])
    }
}
