import PumpwatchCore

/// Reads the records of one source format from a byte stream and turns each into events.
///
/// A reader picks the splitter for the file's layout (lines, array elements, wrapped array
/// elements, concatenated documents), parses each record and hands it to `Normalizer`. Records
/// that cannot be split, parsed or normalized are reported through `onMalformed` and the reading
/// goes on; a damaged stream (a truncated gzip file) ends the file with one more report.
public protocol FormatReader {
    /// The format this reader reads.
    var format: SourceFormat { get }
    /// True when records are JSON values; false when they are text lines.
    var readsJSON: Bool { get }
    /// The events of one parsed JSON record.
    func events(fromJSON record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event]
    /// The events of one text line (text formats only).
    func events(fromLine line: String, origin: Origin) throws(MalformedRecord) -> [Event]
    /// Where a record came from: the line, and its index unless the file is line-oriented.
    func origin(of record: RawRecord, path: String, layout: RecordLayout) -> Origin
}

extension FormatReader {
    public var readsJSON: Bool { true }

    public func events(fromJSON record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        try Normalizer.events(format: format, record: record, origin: origin)
    }

    public func events(fromLine line: String, origin: Origin) throws(MalformedRecord) -> [Event] {
        throw MalformedRecord(origin: origin, reason: "\(format.rawValue) records are JSON, not text lines")
    }

    public func origin(of record: RawRecord, path: String, layout: RecordLayout) -> Origin {
        Origin(file: path, line: record.line, record: layout == .lines ? nil : record.index)
    }

    /// Reads every record of `input` (laid out as `layout`; `path` names the file in origins),
    /// passing events to `onEvent` and unreadable records to `onMalformed`.
    ///
    /// Errors thrown by the callbacks stop the reading and propagate.
    public func read(
        _ input: ByteStream, path: String, layout: RecordLayout, maxRecordBytes: Int = 16 << 20,
        onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) throws -> Void
    ) throws {
        let splitter: RecordSplitter = layout == .lines
            ? LineSplitter(source: input, maxRecordBytes: maxRecordBytes)
            : JSONRecordSplitter(source: input, layout: layout, maxRecordBytes: maxRecordBytes)
        while true {
            let item: SplitItem?
            do {
                item = try splitter.next()
            } catch {
                try onMalformed(MalformedRecord(origin: Origin(file: path, line: splitter.currentLine), reason: error.reason))
                return
            }
            guard let item else { return }
            switch item {
            case .failure(let failure):
                try onMalformed(MalformedRecord(origin: Origin(file: path, line: failure.line, record: failure.index), reason: failure.reason))
            case .record(let raw):
                let origin = origin(of: raw, path: path, layout: layout)
                let events: [Event]
                do {
                    events = try self.events(of: raw, origin: origin)
                } catch {
                    try onMalformed(error)
                    continue
                }
                for event in events { try onEvent(event) }
            }
        }
    }

    /// Parses one raw record and normalizes it.
    public func events(of raw: RawRecord, origin: Origin) throws(MalformedRecord) -> [Event] {
        if readsJSON {
            let value: JSONValue
            do {
                value = try JSONParser.parse(raw.bytes)
            } catch {
                throw MalformedRecord(origin: origin, reason: "invalid JSON: \(error.message) at byte \(error.offset) of the record")
            }
            return try events(fromJSON: value, origin: origin)
        }
        guard let line = String(validating: raw.bytes, as: UTF8.self) else {
            throw MalformedRecord(origin: origin, reason: "line is not valid UTF-8")
        }
        return try events(fromLine: line, origin: origin)
    }
}
