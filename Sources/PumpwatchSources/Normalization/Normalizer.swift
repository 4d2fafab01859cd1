import PumpwatchCore

/// Turns raw records of each format into normalized events (placeholder: generic flattening).
public enum Normalizer {
    /// Events for one raw JSON record of `format`.
    public static func events(format: SourceFormat, record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        guard case .object = record else { throw MalformedRecord(origin: origin, reason: "expected a JSON object") }
        return [Event(fields: JSONFlattener.fields(of: record), origin: origin, format: format)]
    }

    /// The event for one line of an nginx or Apache combined access log.
    public static func event(accessLogLine line: String, origin: Origin) throws(MalformedRecord) -> Event {
        throw MalformedRecord(origin: origin, reason: "access logs are not parsed yet")
    }
}
