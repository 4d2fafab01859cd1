import PumpwatchCore

/// Normalizes CrowdStrike Falcon events (FDR stream or LogScale export) keeping Falcon's own field names.
///
/// Every value becomes a string, as LogScale sees it (`"RemotePort": 443` is `"443"`); nested
/// objects become dotted names and arrays `name[0]`, `name[1]`, as LogScale's JSON parser names them.
/// `#event_simpleName` and `event_simpleName` are one field: whichever is present is set under both
/// names. `@timestamp` (a date) comes from `@timestamp` (ISO text or epoch milliseconds), else from
/// `timestamp` (epoch milliseconds), else from `ContextTimeStamp` (epoch seconds).
public enum FalconNormalizer {
    /// The event for one Falcon record.
    public static func event(record: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object(let members) = record else {
            throw MalformedRecord(origin: origin, reason: "a Falcon event must be a JSON object")
        }
        var f: [String: Value] = [:]
        f.reserveCapacity(members.count + 2)
        for (k, v) in members { addString(v, name: k, into: &f) }

        if let name = f["#event_simpleName"] ?? f["event_simpleName"] {
            f["#event_simpleName"] = name
            f["event_simpleName"] = name
        }
        var millis: Int64?
        if let ts = record["@timestamp"] {
            millis = MessagingFields.date(ts)
            guard millis != nil else {
                throw MalformedRecord(origin: origin, reason: "@timestamp \"\(ts.scalarText ?? "")\" is not a date")
            }
        } else if let ts = record["timestamp"]?.scalarText, let d = Value.parseNumber(ts) {
            guard abs(d) < 9.2e18, let ms = Int64(exactly: d.rounded()) else {
                throw MalformedRecord(origin: origin, reason: "timestamp \(ts) is out of range for epoch milliseconds")
            }
            millis = ms
        } else if let ts = record["ContextTimeStamp"]?.scalarText, let d = Value.parseNumber(ts) {
            guard abs(d * 1000) < 9.2e18, let ms = Int64(exactly: (d * 1000).rounded()) else {
                throw MalformedRecord(origin: origin, reason: "ContextTimeStamp \(ts) is out of range for epoch seconds")
            }
            millis = ms
        }
        if let millis { f["@timestamp"] = .date(millis) }
        return Event(fields: f, origin: origin, format: .falcon)
    }

    private static func addString(_ v: JSONValue, name: String, into f: inout [String: Value]) {
        switch v {
        case .null: return
        case .object(let members):
            for (k, m) in members { addString(m, name: name + "." + k, into: &f) }
        case .array(let items):
            for (i, item) in items.enumerated() { addString(item, name: "\(name)[\(i)]", into: &f) }
        default:
            if let text = v.scalarText { f[name] = .string(text) }
        }
    }
}
