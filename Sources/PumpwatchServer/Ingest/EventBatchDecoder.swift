import PumpwatchCore
import PumpwatchSources

/// Reads the body of `POST /v1/events`: NDJSON, a JSON array, or a document the readers know
/// (`{"Records": [...]}`, a Twilio list page, a CloudWatch Logs payload, ...), of one format
/// given by the caller or of the formats found from the records' keys; access-log lines as text.
enum EventBatchDecoder {
    /// The batch in `body` (already inflated). With `format`, every record is read as that format;
    /// without, each JSON record's format comes from its own keys, else from the body's shape.
    /// The first malformed record stops the reading with its 1-based number.
    static func decode(_ body: [UInt8], format: SourceFormat?, source: String) throws(IngestError) -> IngestBatch {
        let prefix = Array(body.prefix(FormatDetector.prefixLength))
        guard !FormatDetector.isBlank(prefix) else { throw .malformed("the body is empty; expected NDJSON or a JSON array of records") }
        guard !FormatDetector.looksBinary(prefix) else { throw .malformed("the body is binary, not JSON or text lines") }
        let detected = FormatDetector.detect(prefix: prefix)
        let layout: RecordLayout
        if let detected {
            layout = detected.layout
        } else {
            layout = .lines
        }
        // Lines are checked one by one, as they are read (a line `IngestRecordCheck` settles is
        // within the limit); other layouts as a whole, before anything parses them.
        if layout != .lines { try JSONNesting.check(body) }
        let batchFormat = format ?? detected?.format ?? .ndjson
        let wrapped: Bool
        if case .arrayUnderKey = layout { wrapped = true } else { wrapped = false }

        let splitter: RecordSplitter = layout == .lines
            ? LineSplitter(source: MemoryByteStream(body), maxRecordBytes: max(1, body.count))
            : JSONRecordSplitter(source: MemoryByteStream(body), layout: layout, maxRecordBytes: max(1, body.count))
        var batch = IngestBatch(source: source)
        var number = 0
        while true {
            let item: SplitItem?
            do {
                item = try splitter.next()
            } catch {
                throw .malformed(error.reason)
            }
            guard let item else { break }
            number += 1
            switch item {
            case .failure(let failure):
                throw .malformed("line \(failure.line): \(failure.reason)", record: failure.index ?? number)
            case .record(let raw):
                // Single CloudTrail records, the bulk of most streams, are checked from their bytes.
                if layout == .lines, case .cloudTrail(let id) = IngestRecordCheck.shared.check(raw.bytes, format: format) {
                    batch.addCheckedCloudTrail(bytes: raw.bytes, eventID: id)
                    continue
                }
                if layout == .lines {
                    do {
                        try JSONNesting.check(raw.bytes)
                    } catch {
                        throw .malformed("line \(raw.line): \(error.reason)", record: number)
                    }
                }
                let value: JSONValue
                do {
                    value = try JSONParser.parse(raw.bytes)
                } catch {
                    if batchFormat == .webAccess, layout == .lines, let line = String(validating: raw.bytes, as: UTF8.self) {
                        try batch.add(format: .webAccess, record: .string(line), bytes: nil, number: number)
                        continue
                    }
                    throw .malformed("line \(raw.line): invalid JSON: \(error)", record: number)
                }
                let recordFormat = format ?? (wrapped ? batchFormat : formatOf(value) ?? batchFormat)
                try batch.add(format: recordFormat, record: value, bytes: raw.bytes, number: number)
            }
        }
        return batch
    }

    /// The format a JSON record's keys (or wrapper keys) name, when they name one.
    static func formatOf(_ value: JSONValue) -> SourceFormat? {
        guard let f = FormatDetector.format(ofRecord: value), f != .ndjson, f != .webAccess else { return nil }
        return f
    }
}
