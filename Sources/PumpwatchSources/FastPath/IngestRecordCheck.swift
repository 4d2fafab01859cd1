import PumpwatchCore

/// Checks one NDJSON record for live ingest straight from its bytes: whether it is a single
/// CloudTrail record the normalizer accepts, and its `eventID`, without building its value.
///
/// This is what `JSONParser.parse`, `FormatDetector.format(ofRecord:)` and
/// `Normalizer.validate(format:record:origin:)` decide together for such a record, at a
/// fraction of the cost, for the format that arrives in the largest volumes. Anything the check
/// does not settle itself gives `.fullPath`, and the caller parses and normalizes the record as
/// before, which reads or rejects it exactly: a record the scanner does not accept (invalid JSON,
/// not an object, a repeated member among those looked up), a wrapper document (`Records`,
/// `messages`, ...), another format, or a record the normalizer might reject. A record it
/// settles nests at most 64 levels (`RecordScanner.maxSkipDepth` below the record's object).
public final class IngestRecordCheck: @unchecked Sendable {
    /// What the check found.
    public enum Outcome: Equatable, Sendable {
        /// A single CloudTrail record the normalizer maps, with its own `eventID` when it has a
        /// non-empty one.
        case cloudTrail(eventID: String?)
        /// Parse and normalize the record.
        case fullPath
    }

    /// One check for every request: the schema is read-only once built.
    public static let shared = IngestRecordCheck()

    /// The deepest nesting of a record the check settles.
    public static let maxDepth = RecordScanner.maxSkipDepth + 1

    /// The top-level members the format detector and the CloudTrail checks look at.
    private enum Key: Int, CaseIterable {
        case falconName, falconTaggedName, specversion, notification, delivery
        case eventVersion, eventSource, eventName, eventTime, awsRegion, userIdentity, eventID
        case timeGenerated, url, resultCode, sid, to, from, status, accountSID
        case records, queryResultRows, metricDataResults, messageType, logEvents, logGroup, messages

        var name: String {
            switch self {
            case .falconName: return "event_simpleName"
            case .falconTaggedName: return "#event_simpleName"
            case .specversion: return "specversion"
            case .notification: return "notification"
            case .delivery: return "delivery"
            case .eventVersion: return "eventVersion"
            case .eventSource: return "eventSource"
            case .eventName: return "eventName"
            case .eventTime: return "eventTime"
            case .awsRegion: return "awsRegion"
            case .userIdentity: return "userIdentity"
            case .eventID: return "eventID"
            case .timeGenerated: return "TimeGenerated"
            case .url: return "Url"
            case .resultCode: return "ResultCode"
            case .sid: return "sid"
            case .to: return "to"
            case .from: return "from"
            case .status: return "status"
            case .accountSID: return "account_sid"
            case .records: return "Records"
            case .queryResultRows: return "QueryResultRows"
            case .metricDataResults: return "MetricDataResults"
            case .messageType: return "messageType"
            case .logEvents: return "logEvents"
            case .logGroup: return "logGroup"
            case .messages: return "messages"
            }
        }
    }

    private static let wrapperKeys: [Key] = [.records, .queryResultRows, .metricDataResults, .messageType, .logEvents, .logGroup, .messages]
    private static let otherFormatKeys: [Key] = [.falconName, .falconTaggedName, .specversion]

    private let schema: ScanSchema
    private let slots: [Int]

    public init() {
        schema = ScanSchema(paths: Key.allCases.map { [$0.name] })
        slots = schema.pathSlots
    }

    /// Checks `bytes`, one line of an ingest body. `format` is the format the caller gave for
    /// every record (`?format=`), `nil` when each record's keys decide.
    public func check(_ bytes: [UInt8], format: SourceFormat?) -> Outcome {
        if let format, format != .cloudtrail { return .fullPath }
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        return bytes.withUnsafeBytes { raw in
            guard RecordScanner.scan(raw, schema: schema, into: values) else { return .fullPath }
            return decide(ScannedRecord(bytes: raw, values: values), formatGiven: format != nil)
        }
    }

    private func decide(_ r: ScannedRecord, formatGiven: Bool) -> Outcome {
        func value(_ key: Key) -> ScannedValue { r[slots[key.rawValue]] }
        func has(_ key: Key) -> Bool { value(key).isPresent }
        if Self.wrapperKeys.contains(where: has) { return .fullPath }
        if !formatGiven {
            // `FormatDetector.recordFormat`, in its order: only a record it calls CloudTrail.
            if Self.otherFormatKeys.contains(where: has) || (has(.notification) && has(.delivery)) { return .fullPath }
            let isCloudTrail = has(.eventVersion) || (has(.eventSource) && has(.eventName))
                || (has(.eventName) && has(.eventTime) && (has(.awsRegion) || has(.userIdentity)))
            guard isCloudTrail else { return .fullPath }
        }
        // `CloudTrailNormalizer.validate`: a time that reads as a date, a name and a source, each
        // a scalar that survives empty-value removal.
        let time = value(.eventTime)
        guard time.kind == .string, time.survives else { return .fullPath }
        let millis = time.isPlainASCIIString ? CloudTrailProjector.isoMillis(r.raw(time)) ?? Timestamp.parse(r.string(time)) : Timestamp.parse(r.string(time))
        guard millis != nil else { return .fullPath }
        for key in [Key.eventName, .eventSource] {
            let v = value(key)
            guard v.survives, v.kind != .object, v.kind != .array else { return .fullPath }
        }
        // `IngestBatch.ownID`: the member's scalar text when it is not empty.
        let id = value(.eventID)
        switch id.kind {
        case .absent, .null, .object, .array:
            return .cloudTrail(eventID: nil)
        case .string, .number, .trueValue, .falseValue:
            guard let text = r.scalarText(id), !text.isEmpty else { return .cloudTrail(eventID: nil) }
            return .cloudTrail(eventID: text)
        }
    }
}
