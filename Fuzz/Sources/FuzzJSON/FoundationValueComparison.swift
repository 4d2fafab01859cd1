import Foundation
import PumpwatchCore

/// Compares a `JSONValue` with what `JSONSerialization` made of the same text.
///
/// Strings must hold the same Unicode scalars, but for one U+FEFF at the start of a string,
/// which Foundation drops when it is written as is (it reads it as a byte order mark; escaped as
/// `\ufeff` it keeps it); numbers must agree to the precision of a Double
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
            guard last.count == other.count else { return "\(path): keys \(last.keys.sorted()) against \(other.keys.sorted())" }
            for (k, v) in last {
                guard let w = other[k] ?? other[foundationKey(k)] else { return "\(path): key \(k.debugDescription) missing from \(other.keys.sorted())" }
                if let d = difference(v, w, path: "\(path).\(k)") { return d }
            }
            return nil
        }
    }

    /// True when Foundation's `theirs` is pumpwatch's `ours`, scalar by scalar, or `ours` without
    /// the U+FEFF it starts with.
    static func sameText(_ ours: String, _ theirs: String) -> Bool {
        if ours.unicodeScalars.elementsEqual(theirs.unicodeScalars) { return true }
        return ours.unicodeScalars.first == "\u{FEFF}" && ours.unicodeScalars.dropFirst().elementsEqual(theirs.unicodeScalars)
    }

    /// The key Foundation makes of a member name: without a leading U+FEFF, when it has one.
    static func foundationKey(_ key: String) -> String {
        key.unicodeScalars.first == "\u{FEFF}" ? String(key.unicodeScalars.dropFirst()) : key
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
