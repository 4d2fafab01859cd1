import PumpwatchCore

/// Normalizes generic NDJSON records: the fields as written (flattened to dotted names), plus
/// `@timestamp` as a date when it is a string or number, else taken from `timestamp`, `time` or `eventTime`.
public enum GenericNormalizer {
    /// The event for one JSON object.
    public static func event(record: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object = record else {
            throw MalformedRecord(origin: origin, reason: "expected a JSON object")
        }
        var f = JSONFlattener.fields(of: record)
        for name in ["@timestamp", "timestamp", "time", "eventTime"] {
            if let v = record[name], let ms = MessagingFields.date(v) {
                f["@timestamp"] = .date(ms)
                break
            }
        }
        return Event(fields: f, origin: origin, format: .ndjson)
    }
}
