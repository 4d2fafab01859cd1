import PumpwatchCore
import PumpwatchStore

/// The JSON form of stored alerts, shared by the alert routes and `pumpwatch alerts --format json`.
///
/// ```json
/// {"id": 42, "key": "repeated-destination|+88213…", "rule": "repeated-destination", "title": "…",
///  "severity": "high", "risk_score": 73, "state": "acknowledged", "state_changed_by": "oncall",
///  "state_changed_at": "2026-11-27T11:00:00.000Z", "note": "looking", "first_seen": "…", "last_seen": "…",
///  "count": 41, "occurrences": 2, "entities": [["destination", "+882130000001"]],
///  "evidence": [["messages", 41]], "summary": "…", "attack": ["T1496.003"], "sources": ["…"],
///  "created_at": "…", "updated_at": "…",
///  "history": [{"state": "acknowledged", "by": "oncall", "at": "…", "note": "looking"}]}
/// ```
///
/// `entities` and `evidence` are the alert's `[name, value]` pairs in order, as JSON (text that is not
/// such a list is given as a string); times are ISO 8601 in UTC or `null`. `history` is present only
/// when asked for.
public enum AlertJSON {
    /// `{"alerts": [...], "count": n}`, without histories.
    public static func list(_ alerts: [AlertRecord]) -> String {
        var out = "{\"alerts\":["
        for (i, alert) in alerts.enumerated() {
            if i > 0 { out += "," }
            append(alert, history: nil, to: &out)
        }
        out += "],\"count\":\(alerts.count)}"
        return out
    }

    /// One alert; with `history`, its state changes oldest first as `history`.
    public static func alert(_ alert: AlertRecord, history: [AlertStateChange]?) -> String {
        var out = ""
        append(alert, history: history, to: &out)
        return out
    }

    /// The `[name, value]` pairs of an alert's `entities` or `evidence` text; `nil` when the text is
    /// not a JSON array of two-element arrays with a string name.
    public static func pairs(_ text: String) -> [(String, JSONValue)]? {
        guard let value = try? JSONParser.parse(text), let items = value.arrayElements else { return nil }
        var out: [(String, JSONValue)] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let pair = item.arrayElements, pair.count == 2, let name = pair[0].string else { return nil }
            out.append((name, pair[1]))
        }
        return out
    }

    /// A pair value as one line of text: strings as they are, lists joined with `, `, objects as JSON.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .array(let items): return items.map(text).joined(separator: ", ")
        case .object: return JSONWriter.serialize(value)
        default: return value.scalarText ?? ""
        }
    }

    static func append(_ alert: AlertRecord, history: [AlertStateChange]?, to out: inout String) {
        let d = alert.draft
        out += "{\"id\":\(alert.id),\"key\":"
        JSONWriter.appendString(d.key, to: &out)
        out += ",\"rule\":"
        JSONWriter.appendString(d.ruleID, to: &out)
        out += ",\"title\":"
        JSONWriter.appendString(d.title, to: &out)
        out += ",\"severity\":"
        JSONWriter.appendString(d.severity, to: &out)
        out += ",\"risk_score\":\(d.riskScore),\"state\":"
        JSONWriter.appendString(alert.state.rawValue, to: &out)
        out += ",\"state_changed_by\":"
        optional(alert.stateChangedBy, &out)
        out += ",\"state_changed_at\":"
        time(alert.stateChangedAt, &out)
        out += ",\"note\":"
        optional(alert.note, &out)
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
        if let history {
            out += ",\"history\":["
            for (i, change) in history.enumerated() {
                if i > 0 { out += "," }
                out += "{\"state\":"
                JSONWriter.appendString(change.state.rawValue, to: &out)
                out += ",\"by\":"
                JSONWriter.appendString(change.changedBy, to: &out)
                out += ",\"at\":"
                time(change.changedAt, &out)
                out += ",\"note\":"
                optional(change.note, &out)
                out += "}"
            }
            out += "]"
        }
        out += "}"
    }

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

    private static func optional(_ text: String?, _ out: inout String) {
        if let text { JSONWriter.appendString(text, to: &out) } else { out += "null" }
    }

    private static func time(_ millis: Int64?, _ out: inout String) {
        if let millis { JSONWriter.appendString(Timestamp.iso8601(millis: millis), to: &out) } else { out += "null" }
    }

    private static func strings(_ list: [String], _ out: inout String) {
        out += "["
        for (i, s) in list.enumerated() {
            if i > 0 { out += "," }
            JSONWriter.appendString(s, to: &out)
        }
        out += "]"
    }
}
