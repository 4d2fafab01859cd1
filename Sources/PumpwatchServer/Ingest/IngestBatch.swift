import PumpwatchCore
import PumpwatchSources
import PumpwatchStore

/// The records of one ingest request, each validated by the normalizer of its format and ready
/// to journal, with how many there are of each format.
///
/// Each record is one event's worth of JSON that `Normalizer.events(format:record:origin:)` reads:
/// batch shapes are split first (a `Records` document into its CloudTrail records, a Twilio list
/// page into its messages, a CloudWatch Logs payload into one document per log event, a CloudTrail
/// Lake row merged into one record), and an access-log line is kept as a JSON string.
///
/// A record's id is its own: CloudTrail `eventID`, Twilio `sid`, CloudEvent `id`, or one given by
/// the caller (a CloudWatch Logs event id); otherwise the `event.id` the normalizer gives, else
/// the SHA-256 of the record's bytes. A record whose format and id repeat an earlier one of the
/// batch is left out and counted in `repeated`. A record the normalizer rejects is an error
/// carrying its 1-based number in the request.
public struct IngestBatch: Sendable {
    public typealias Record = (format: SourceFormat, eventID: String, body: [UInt8])

    /// The records in request order.
    public private(set) var records: [Record] = []
    /// How many records there are of each format.
    public private(set) var countByFormat: [SourceFormat: Int] = [:]
    /// Records left out because an earlier record of the batch had the same format and id.
    public private(set) var repeated = 0

    /// The longest id kept as is; longer ones are replaced by their SHA-256.
    static let maxIDLength = 256

    private let source: String
    private var keys: Set<String> = []

    /// An empty batch; `source` names the route in the origins given to the normalizer.
    public init(source: String) {
        self.source = source
    }

    /// Validates `value`, a record of `format` numbered `number` in the request, and adds it (or
    /// the records it holds). `bytes` are its bytes as received, kept when the record is kept
    /// whole; `eventID` overrides the id found in the record.
    ///
    /// Either all the records it holds are added or, on an error, none is.
    public mutating func add(format: SourceFormat, record value: JSONValue, bytes: [UInt8]?, number: Int, eventID: String? = nil) throws(IngestError) {
        // Rolled back by truncation rather than by keeping a copy of the whole batch: a copy
        // would make every later append copy the records and keys again.
        let recordCount = records.count
        let repeatedBefore = repeated
        do {
            try expand(format: format, value: value, bytes: bytes, number: number, eventID: eventID)
        } catch {
            for r in records[recordCount...] {
                keys.remove(r.format.rawValue + "\u{0}" + r.eventID)
                countByFormat[r.format, default: 1] -= 1
                if countByFormat[r.format] == 0 { countByFormat[r.format] = nil }
            }
            records.removeSubrange(recordCount...)
            repeated = repeatedBefore
            throw error.at(record: number)
        }
    }

    /// Adds a single CloudTrail record that `IngestRecordCheck` found valid straight from its
    /// bytes, with the `eventID` it found there.
    public mutating func addCheckedCloudTrail(bytes: [UInt8], eventID: String?) {
        let id = IngestBatch.id(eventID, body: bytes)
        guard keys.insert(SourceFormat.cloudtrail.rawValue + "\u{0}" + id).inserted else {
            repeated += 1
            return
        }
        records.append((.cloudtrail, id, bytes))
        countByFormat[.cloudtrail, default: 0] += 1
    }

    /// The records as journal entries received at `receivedAt` (epoch milliseconds).
    public func journalEntries(receivedAt: Int64) -> [JournalEntry] {
        records.map { JournalEntry(format: $0.format.rawValue, eventID: $0.eventID, receivedAt: receivedAt, body: $0.body) }
    }

    /// The count per format as a JSON object (`{"cloudtrail": 3}`), formats in name order.
    var countsJSON: String {
        var out = "{"
        for (i, (format, n)) in countByFormat.sorted(by: { $0.key.rawValue < $1.key.rawValue }).enumerated() {
            if i > 0 { out += "," }
            JSONWriter.appendString(format.rawValue, to: &out)
            out += ":\(n)"
        }
        return out + "}"
    }

    private mutating func expand(format: SourceFormat, value: JSONValue, bytes: [UInt8]?, number: Int, eventID: String?) throws(IngestError) {
        switch format {
        case .cloudtrail:
            if let cells = value.arrayElements {
                let merged: JSONValue
                do {
                    merged = try CloudTrailReader.mergeQueryResultRow(cells, origin: origin(number))
                } catch {
                    throw .malformed(error.reason)
                }
                return try append(format: format, value: merged, bytes: nil, number: number, eventID: eventID)
            }
            if value["eventTime"] == nil, let items = value["Records"]?.arrayElements {
                for (i, item) in items.enumerated() {
                    try within("Records[\(i)]") { () throws(IngestError) in try append(format: format, value: item, bytes: nil, number: number, eventID: nil) }
                }
                return
            }
        case .twilioMessages:
            if value["sid"] == nil, let items = value["messages"]?.arrayElements {
                for (i, item) in items.enumerated() {
                    try within("messages[\(i)]") { () throws(IngestError) in try append(format: format, value: item, bytes: nil, number: number, eventID: nil) }
                }
                return
            }
        case .twilioEvents:
            if let items = value.arrayElements {
                for (i, item) in items.enumerated() {
                    try within("[\(i)]") { () throws(IngestError) in try append(format: format, value: item, bytes: nil, number: number, eventID: nil) }
                }
                return
            }
        case .snsDelivery:
            if value["logEvents"] != nil || value["messageType"] != nil {
                let payload = try CloudWatchLogsPayload(json: value)
                guard payload.messageType == .data else { return }
                for (i, document) in payload.singleEventDocuments().enumerated() {
                    try within("logEvents[\(i)]") { () throws(IngestError) in
                        try append(format: format, value: document.value, bytes: nil, number: number, eventID: document.id)
                    }
                }
                return
            }
        default:
            break
        }
        try append(format: format, value: value, bytes: bytes, number: number, eventID: eventID)
    }

    private func within(_ place: String, _ body: () throws(IngestError) -> Void) throws(IngestError) {
        do {
            try body()
        } catch {
            throw error.within(place)
        }
    }

    private mutating func append(format: SourceFormat, value: JSONValue, bytes: [UInt8]?, number: Int, eventID: String?) throws(IngestError) {
        let ownID = eventID ?? IngestBatch.ownID(format: format, value: value)
        var normalizedID: String?
        do {
            if format == .cloudtrail {
                // The check without the event: a CloudTrail record's `event.id` is its eventID.
                guard try Normalizer.validate(format: format, record: value, origin: origin(number)) else { return }
            } else {
                let events = try Normalizer.events(format: format, record: value, origin: origin(number))
                guard let first = events.first else { return }
                if ownID == nil { normalizedID = first["event.id"]?.stringValue }
            }
        } catch {
            throw .malformed(error.reason)
        }
        let body = bytes ?? Array(JSONWriter.serialize(value).utf8)
        let id = IngestBatch.id(ownID ?? normalizedID, body: body)
        guard keys.insert(format.rawValue + "\u{0}" + id).inserted else {
            repeated += 1
            return
        }
        records.append((format, id, body))
        countByFormat[format, default: 0] += 1
    }

    private func origin(_ number: Int) -> Origin {
        Origin(file: source, line: 0, record: number)
    }

    /// The id a record of `format` carries itself.
    static func ownID(format: SourceFormat, value: JSONValue) -> String? {
        switch format {
        case .cloudtrail: return MessagingFields.text(value["eventID"])
        case .twilioMessages: return MessagingFields.text(value["sid"])
        case .twilioEvents: return MessagingFields.text(value["id"])
        default: return nil
        }
    }

    /// `candidate` when usable, else the SHA-256 of `body`; overlong ids become their own SHA-256.
    static func id(_ candidate: String?, body: [UInt8]) -> String {
        guard let candidate, !candidate.isEmpty else { return HexDigest.sha256(body) }
        return candidate.utf8.count <= maxIDLength ? candidate : HexDigest.sha256(Array(candidate.utf8))
    }
}
