import PumpwatchCore
import PumpwatchStore

/// The JSON body a webhook sink receives for an alert.
///
/// ```json
/// {"id": 42, "key": "repeated-destination|+88213…|2026-11-27T10", "rule": "repeated-destination",
///  "title": "…", "severity": "high", "risk_score": 73, "state": "open",
///  "first_seen": "2026-11-27T10:02:11.000Z", "last_seen": "2026-11-27T10:09:40.000Z",
///  "count": 41, "occurrences": 1, "entities": [["destination", "+882130000001"]],
///  "evidence": [["messages", 41]], "summary": "…", "attack": ["T1496.003"],
///  "sources": ["twilio/messages-2026-11-27.json"],
///  "created_at": "…", "updated_at": "…"}
/// ```
///
/// `entities` and `evidence` are the alert's `[name, value]` pairs in order; times are ISO 8601
/// in UTC, or `null` when unknown.
public enum WebhookPayload {
    /// The body for `alert`, as UTF-8 JSON.
    public static func json(_ alert: AlertRecord) -> [UInt8] {
        let d = alert.draft
        var out = "{\"id\":\(alert.id),\"key\":"
        JSONWriter.appendString(d.key, to: &out)
        out += ",\"rule\":"
        JSONWriter.appendString(d.ruleID, to: &out)
        out += ",\"title\":"
        JSONWriter.appendString(d.title, to: &out)
        out += ",\"severity\":"
        JSONWriter.appendString(d.severity, to: &out)
        out += ",\"risk_score\":\(d.riskScore),\"state\":"
        JSONWriter.appendString(alert.state.rawValue, to: &out)
        out += ",\"first_seen\":"
        time(d.firstSeen, &out)
        out += ",\"last_seen\":"
        time(d.lastSeen, &out)
        out += ",\"count\":\(d.count),\"occurrences\":\(alert.occurrences),\"entities\":"
        pairsJSON(d.entities, &out)
        out += ",\"evidence\":"
        pairsJSON(d.evidence, &out)
        out += ",\"summary\":"
        JSONWriter.appendString(d.summary, to: &out)
        out += ",\"attack\":"
        strings(d.attack, &out)
        out += ",\"sources\":"
        strings(d.sources, &out)
        out += ",\"created_at\":"
        time(alert.createdAt, &out)
        out += ",\"updated_at\":"
        time(alert.updatedAt, &out)
        out += "}"
        return Array(out.utf8)
    }

    /// The `[name, value]` pairs stored as JSON text; `nil` when the text is not such a list.
    static func pairs(_ text: String) -> [(String, JSONValue)]? {
        guard let value = try? JSONParser.parse(text), let items = value.arrayElements else { return nil }
        var out: [(String, JSONValue)] = []
        for item in items {
            guard let pair = item.arrayElements, pair.count == 2, let name = pair[0].string else { return nil }
            out.append((name, pair[1]))
        }
        return out
    }

    /// The pairs as a JSON array of `[name, value]`; text that is not such a list is kept as a string.
    private static func pairsJSON(_ text: String, _ out: inout String) {
        guard let pairs = pairs(text) else {
            JSONWriter.appendString(text, to: &out)
            return
        }
        out += "["
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out += "," }
            out += "["
            JSONWriter.appendString(name, to: &out)
            out += ","
            JSONWriter.append(value, to: &out)
            out += "]"
        }
        out += "]"
    }

    private static func time(_ millis: Int64?, _ out: inout String) {
        if let millis { JSONWriter.appendString(Timestamp.iso8601(millis: millis), to: &out) } else { out += "null" }
    }

    private static func strings(_ values: [String], _ out: inout String) {
        out += "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            JSONWriter.appendString(v, to: &out)
        }
        out += "]"
    }
}
