import PumpwatchCore
import PumpwatchDetect

/// Reads findings back from the NDJSON that `NDJSONFindingFormatter` writes (and that a
/// generated Spark job writes), so they can be printed in any format.
///
/// Each non-blank line is one finding object. `rule_id`, `title`, `severity`, `count` and
/// `summary` are required; `risk_score` defaults to the severity's, the lists and objects to
/// empty. Strings in `entities`, `evidence` and `fields` written exactly as the formatter writes
/// a time (`2026-11-20T10:00:00.000Z`) become dates again, so that every format prints them as
/// it prints a local hunt's; rendering decoded findings gives the same NDJSON back.
public enum FindingDecoder {
    /// The findings of NDJSON `text`, in order; `file` names the source in errors.
    public static func decode(ndjson text: String, file: String) throws(FindingDecodingError) -> [Finding] {
        var out: [Finding] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = String(line).trimmingSpaces()
            if trimmed.isEmpty { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(trimmed)
            } catch {
                throw FindingDecodingError(file: file, line: number, reason: "not JSON: \(error)")
            }
            out.append(try finding(from: value, file: file, line: number))
        }
        return out
    }

    /// One finding from its JSON object.
    public static func finding(from value: JSONValue, file: String, line: Int) throws(FindingDecodingError) -> Finding {
        guard value.objectMembers != nil else {
            throw FindingDecodingError(file: file, line: line, reason: "a finding is a JSON object")
        }
        func fail(_ key: String, _ reason: String) -> FindingDecodingError {
            FindingDecodingError(file: file, line: line, key: key, reason: reason)
        }
        func text(_ key: String) throws(FindingDecodingError) -> String {
            guard let s = value[key]?.string else { throw fail(key, value[key] == nil ? "missing" : "expected a string") }
            return s
        }
        func strings(_ key: String) throws(FindingDecodingError) -> [String] {
            guard let member = value[key], member != .null else { return [] }
            guard let items = member.arrayElements else { throw fail(key, "expected a list of strings") }
            var out: [String] = []
            for item in items {
                guard let s = item.string else { throw fail(key, "expected a list of strings") }
                out.append(s)
            }
            return out
        }
        func time(_ key: String) throws(FindingDecodingError) -> Int64? {
            guard let member = value[key], member != .null else { return nil }
            guard let s = member.string, let ms = Timestamp.parse(s) else { throw fail(key, "expected an ISO 8601 time or null") }
            return ms
        }
        func pairs(_ key: String) throws(FindingDecodingError) -> [(String, Value)] {
            guard let member = value[key], member != .null else { return [] }
            guard let members = member.objectMembers else { throw fail(key, "expected an object") }
            return members.map { ($0.0, Self.value(of: $0.1)) }
        }
        func integer(_ key: String) throws(FindingDecodingError) -> Int? {
            guard let member = value[key], member != .null else { return nil }
            switch member {
            case .int(let i): return Int(clamping: i)
            case .double(let d) where d.isFinite && d == d.rounded() && abs(d) < 9.2e18: return Int(d)
            default: throw fail(key, "expected an integer")
            }
        }

        let severityText = try text("severity")
        guard let severity = Severity(loose: severityText) else {
            throw fail("severity", "'\(severityText)' is not low, medium, high or critical")
        }
        guard let count = try integer("count") else { throw fail("count", "missing") }
        return Finding(
            ruleID: try text("rule_id"), title: try text("title"), severity: severity, riskScore: try integer("risk_score"),
            attack: try strings("attack"), firstSeen: try time("first_seen"), lastSeen: try time("last_seen"), count: count,
            entities: try pairs("entities"), evidence: try pairs("evidence"), fields: try pairs("fields"),
            sources: try strings("sources"), summary: try text("summary"))
    }

    /// A JSON value as a finding value: times in the formatter's form become dates, objects JSON text.
    static func value(of json: JSONValue) -> Value {
        switch json {
        case .string(let s):
            if isFormattedTime(s), let ms = Timestamp.parse(s), Timestamp.iso8601(millis: ms) == s { return .date(ms) }
            return .string(s)
        case .array(let items): return .array(items.map(value(of:)))
        default: return json.value
        }
    }

    /// True for text shaped like `2026-11-20T10:00:00.000Z`.
    static func isFormattedTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 24 else { return false }
        for (i, c) in u.enumerated() {
            switch i {
            case 4, 7: if c != UInt8(ascii: "-") { return false }
            case 10: if c != UInt8(ascii: "T") { return false }
            case 13, 16: if c != UInt8(ascii: ":") { return false }
            case 19: if c != UInt8(ascii: ".") { return false }
            case 23: if c != UInt8(ascii: "Z") { return false }
            default: if c < 48 || c > 57 { return false }
            }
        }
        return true
    }
}
