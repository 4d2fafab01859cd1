import Foundation
import PumpwatchCore

/// Compares a `JSONValue` with what `JSONSerialization` made of the same text.
///
/// Strings must hold the same Unicode scalars, but for U+FEFF, which Foundation drops when it is
/// written as is at the start of a string or right after an escape (it reads it as a byte order
/// mark; escaped as `\ufeff` it keeps it); numbers must agree to the precision of a Double
/// (Foundation keeps integers beyond Int64 as decimals, pumpwatch as doubles); an object must
/// have the same keys, each with the value of its last occurrence (Foundation keeps the last of
/// duplicate keys, pumpwatch keeps them all in order).
enum FoundationValueComparison {
    /// Why the two values differ, or nil when they agree.
    static func difference(_ ours: JSONValue, _ theirs: Any, path: String = "$") -> String? {
        switch ours {
        case .null:
            return theirs is NSNull ? nil : "\(path): null against \(theirs)"
        case .bool(let b):
            guard let n = number(theirs) else { return "\(path): \(b) against \(theirs)" }
            return n == (b ? 1 : 0) ? nil : "\(path): \(b) against \(n)"
        case .int(let i):
            guard let n = number(theirs) else { return "\(path): \(i) against \(theirs)" }
            return close(Double(i), n) ? nil : "\(path): \(i) against \(n)"
        case .double(let d):
            guard let n = number(theirs) else { return "\(path): \(d) against \(theirs)" }
            return close(d, n) ? nil : "\(path): \(d) against \(n)"
        case .string(let s):
            guard let t = theirs as? String else { return "\(path): string \(s.debugDescription) against \(theirs)" }
            return sameText(s, t) ? nil : "\(path): \(s.debugDescription) against \(t.debugDescription)"
        case .array(let items):
            guard let other = theirs as? [Any] else { return "\(path): array against \(theirs)" }
            guard items.count == other.count else { return "\(path): \(items.count) elements against \(other.count)" }
            for (i, (a, b)) in zip(items, other).enumerated() {
                if let d = difference(a, b, path: "\(path)[\(i)]") { return d }
            }
            return nil
        case .object(let members):
            guard let other = theirs as? [String: Any] else { return "\(path): object against \(theirs)" }
            var last: [String: JSONValue] = [:]
            for (k, v) in members { last[k] = v }
            if last.keys.contains(where: hasByteOrderMark) || other.keys.contains(where: hasByteOrderMark) {
                // Foundation drops some U+FEFF from keys, which can merge two keys into one: compare
                // the values of the keys that stay apart on both sides.
                let ours = Dictionary(grouping: last, by: { String(String.UnicodeScalarView(withoutByteOrderMarks($0.key))) })
                let mine = Dictionary(grouping: other, by: { String(String.UnicodeScalarView(withoutByteOrderMarks($0.key))) })
                for (k, group) in ours where group.count == 1 {
                    guard let match = mine[k], match.count == 1 else { continue }
                    if let d = difference(group[0].value, match[0].value, path: "\(path).\(k)") { return d }
                }
                return nil
            }
            guard Set(last.keys) == Set(other.keys) else { return "\(path): keys \(last.keys.sorted()) against \(other.keys.sorted())" }
            for (k, v) in last {
                if let d = difference(v, other[k]!, path: "\(path).\(k)") { return d }
            }
            return nil
        }
    }

    /// True when Foundation's `theirs` is pumpwatch's `ours`, scalar by scalar, once both are
    /// without U+FEFF.
    static func sameText(_ ours: String, _ theirs: String) -> Bool {
        if ours.unicodeScalars.elementsEqual(theirs.unicodeScalars) { return true }
        return withoutByteOrderMarks(ours) == withoutByteOrderMarks(theirs)
    }

    static func withoutByteOrderMarks(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\u{FEFF}" }
    }

    static func hasByteOrderMark(_ text: String) -> Bool {
        text.unicodeScalars.contains("\u{FEFF}")
    }

    static func number(_ value: Any) -> Double? {
        if let n = value as? NSNumber { return n.doubleValue }
        if let d = value as? Decimal { return NSDecimalNumber(decimal: d).doubleValue }
        return nil
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}
