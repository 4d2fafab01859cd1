import PumpwatchCore

/// Normalizes single records given as bytes (journaled ingest entries), computing only the
/// fields a projection names where the fast path serves the format, as file reading does.
///
/// CloudTrail and Falcon records go through the record scanner and the format's projector; a
/// record the fast path does not settle, and every other format, is parsed and normalized in
/// full. Either way the events hold every projected field `Normalizer.events(format:record:origin:)`
/// would give, with its value (and may hold more of its fields). Not for concurrent use: one per
/// reading task.
public final class RecordBytesNormalizer {
    private let projection: FieldProjection
    private var builders: [SourceFormat: (any RecordEventBuilding)?] = [:]

    /// A normalizer keeping the fields `projection` names (`.all` builds whole events).
    public init(projection: FieldProjection) {
        self.projection = projection
    }

    /// The events of one record of `format`; its origin names `file` and `line`. Throws the
    /// record's error when it is malformed.
    public func events(format: SourceFormat, bytes: [UInt8], file: String, line: Int) throws(MalformedRecord) -> [Event] {
        if let builder = builder(for: format) {
            var events: [Event] = []
            let error = bytes.withUnsafeBytes { raw in
                builder.read(raw, line: line, index: line, path: file, layout: .lines) { event, _ in events.append(event) }
            }
            if let error { throw error }
            return events
        }
        let origin = Origin(file: file, line: line)
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MalformedRecord(origin: origin, reason: "invalid JSON: \(error)")
        }
        return try Normalizer.events(format: format, record: value, origin: origin)
    }

    private func builder(for format: SourceFormat) -> (any RecordEventBuilding)? {
        if let known = builders[format] { return known }
        let made = FastPathSupport.builder(for: format, projection: projection, filter: nil)
        builders[format] = made
        return made
    }
}
