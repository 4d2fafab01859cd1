import PumpwatchCore

/// A rule's or a detector's parameters (thresholds, windows, lists) with typed, checked access.
///
/// Values come from YAML (the rule file, then the user's config). A wrong type is a `RuleError`
/// naming the key and what was expected.
public struct RuleParameters: Sendable, Hashable {
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// These parameters with `overrides` applied on top.
    public func merging(_ overrides: RuleParameters) -> RuleParameters {
        RuleParameters(values.merging(overrides.values) { _, new in new })
    }

    public func int(_ key: String, default d: Int) throws(RuleError) -> Int {
        guard let v = values[key] else { return d }
        switch v {
        case .int(let i): return Int(i)
        case .double(let x) where x == x.rounded(): return Int(x)
        case .string(let s) where Int(s) != nil: return Int(s)!
        default: throw RuleError(key: key, reason: "expected an integer, found \(JSONWriter.serialize(v))")
        }
    }

    public func double(_ key: String, default d: Double) throws(RuleError) -> Double {
        guard let v = values[key] else { return d }
        switch v {
        case .int(let i): return Double(i)
        case .double(let x): return x
        case .string(let s) where Double(s) != nil: return Double(s)!
        default: throw RuleError(key: key, reason: "expected a number, found \(JSONWriter.serialize(v))")
        }
    }

    public func string(_ key: String, default d: String) throws(RuleError) -> String {
        guard let v = values[key] else { return d }
        guard let s = v.scalarText else { throw RuleError(key: key, reason: "expected text, found \(JSONWriter.serialize(v))") }
        return s
    }

    public func bool(_ key: String, default d: Bool) throws(RuleError) -> Bool {
        guard let v = values[key] else { return d }
        switch v {
        case .bool(let b): return b
        case .string(let s) where ["true", "false"].contains(s.lowercased()): return s.lowercased() == "true"
        default: throw RuleError(key: key, reason: "expected true or false, found \(JSONWriter.serialize(v))")
        }
    }

    /// A duration in milliseconds, written `60s`, `10m`, `1h`, `7d`, `2w` or as a number of seconds.
    public func duration(_ key: String, default d: Int64) throws(RuleError) -> Int64 {
        guard let v = values[key] else { return d }
        if case .int(let i) = v { return i * 1000 }
        guard let s = v.scalarText, let ms = RuleParameters.parseDuration(s) else {
            throw RuleError(key: key, reason: "expected a duration such as 60s, 10m, 1h or 7d, found \(JSONWriter.serialize(v))")
        }
        return ms
    }

    /// A list of text values; a single value counts as a one-element list.
    public func strings(_ key: String, default d: [String]) throws(RuleError) -> [String] {
        guard let v = values[key] else { return d }
        switch v {
        case .array(let items):
            var out: [String] = []
            for i in items {
                guard let s = i.scalarText else { throw RuleError(key: key, reason: "expected a list of text values") }
                out.append(s)
            }
            return out
        default:
            guard let s = v.scalarText else { throw RuleError(key: key, reason: "expected a list of text values") }
            return [s]
        }
    }

    /// Parses `500ms`, `60s`, `10m`, `1h`, `7d`, `2w` (and `10 seconds`) into milliseconds; nil
    /// for anything else, and for durations beyond what 64-bit milliseconds hold.
    public static func parseDuration(_ text: String) -> Int64? {
        let t = text.trimmingSpaces().lowercased()
        var digits = ""
        var rest = Substring(t)
        while let c = rest.first, c.isNumber || c == "." { digits.append(c); rest = rest.dropFirst() }
        guard let amount = Double(digits) else { return nil }
        let unit = rest.trimmingCharacters(in: " ")
        let scale: Double
        switch unit {
        case "ms", "millisecond", "milliseconds": scale = 1
        case "", "s", "sec", "second", "seconds": scale = 1000
        case "m", "min", "minute", "minutes": scale = 60_000
        case "h", "hour", "hours": scale = 3_600_000
        case "d", "day", "days": scale = 86_400_000
        case "w", "week", "weeks": scale = 604_800_000
        default: return nil
        }
        return Int64(exactly: (amount * scale).rounded(.towardZero))
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
