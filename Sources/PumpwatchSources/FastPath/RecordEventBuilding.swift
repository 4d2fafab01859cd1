#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PumpwatchCore

/// Turns raw records of one file into events (see `ProjectedEventBuilder`), whatever the format.
protocol RecordEventBuilding: AnyObject {
    /// Reads one record, passing each event a branch takes to `emit` with the branches' mask;
    /// returns the record's error when it is malformed.
    func read(
        _ bytes: UnsafeRawBufferPointer, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void
    ) rethrows -> MalformedRecord?
    /// Reads one record, handing an event the fast path builds to `direct` as the filter's direct
    /// field values (and, where a field is plain ASCII text, its bytes: see
    /// `SegmentEventSink.push(value:texts:format:branches:)`), and other events to `emit`.
    func read(
        _ bytes: UnsafeRawBufferPointer, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void
    ) rethrows -> MalformedRecord?
    /// Events counted so far, and the earliest and latest event times.
    var eventCount: Int { get }
    var firstMillis: Int64? { get }
    var lastMillis: Int64? { get }
    /// Records read the fast way.
    var fastRecords: Int { get }
    /// True when `skipLine` may skip lines.
    var skimsLines: Bool { get }
    /// Whether `read` skims each record first; off for a reader that offers lines to `skipLine`.
    var skimsInRead: Bool { get set }
    /// Skips the line at `start` when its record is one no branch takes, counting it: the line's
    /// length (to its line feed or `available`), or nil when the line must be read the normal way.
    func skipLine(_ start: UnsafeRawPointer, available: Int, maxBytes: Int) -> Int?
    /// True when `readLine` may read lines.
    var readsLines: Bool { get }
    /// Reads the line at `start` as `read(_:line:index:path:layout:emit:direct:)` reads a record,
    /// finding its end on the way: the line's length (to its line feed or `available`) and the
    /// record's error, or nil when the line must be found and read the normal way.
    func readLine(
        _ start: UnsafeRawPointer, available: Int, maxBytes: Int, line: Int, path: String,
        emit: (Event, UInt64) throws -> Void,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void
    ) rethrows -> (length: Int, malformed: MalformedRecord?)?
}

extension ProjectedEventBuilder: RecordEventBuilding {}

/// Chooses the fast path for a format and projection.
enum FastPathSupport {
    /// False when `PUMPWATCH_FAST_PATH=0` is set: every record then goes through the full parser
    /// and normalizer, the reference the fast path must match (`bench/run` compares the two).
    static let isEnabled: Bool = {
        guard let p = getenv("PUMPWATCH_FAST_PATH") else { return true }
        return String(cString: p) != "0"
    }()

    /// True when `builder(for:projection:filter:)` gives a builder for `format` and `projection`,
    /// found without making one (a builder allocates its scanner's memo).
    static func serves(_ format: SourceFormat, projection: FieldProjection) -> Bool {
        guard isEnabled else { return false }
        switch format {
        case .cloudtrail: return CloudTrailProjector(projection: projection) != nil
        case .falcon: return FalconProjector(projection: projection) != nil
        default: return false
        }
    }

    /// A builder reading `format` with `projection` (and `filter`), or nil when the fast path does not
    /// serve them: formats other than CloudTrail and Falcon, every field, or wildcard names.
    /// `readsShapes` (where the processor allows) scans through a `RecordShapeMemo` instead of skimming.
    static func builder(
        for format: SourceFormat, projection: FieldProjection, filter: EventFilter?, readsShapes: Bool = RecordShapeMemo.isAvailable
    ) -> (any RecordEventBuilding)? {
        guard isEnabled else { return nil }
        switch format {
        case .cloudtrail:
            guard let p = CloudTrailProjector(projection: projection) else { return nil }
            return ProjectedEventBuilder(projector: p, format: format, projection: projection, filter: filter, readsShapes: readsShapes)
        case .falcon:
            guard let p = FalconProjector(projection: projection) else { return nil }
            return ProjectedEventBuilder(projector: p, format: format, projection: projection, filter: filter, readsShapes: readsShapes)
        default:
            return nil
        }
    }
}

extension RecordEventBuilding {
    /// Reads every record of `input`, split as `FormatReader.read` splits it for `layout`, passing
    /// events to `emit` and unreadable records and stretches to `onMalformed`.
    func readAll(
        _ input: ByteStream, path: String, layout: RecordLayout, maxRecordBytes: Int,
        emit: (Event, UInt64) throws -> Void, onMalformed: (MalformedRecord) throws -> Void
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
                let bad = try raw.bytes.withUnsafeBytes { bytes in
                    try read(bytes, line: raw.line, index: raw.index, path: path, layout: layout, emit: emit)
                }
                if let bad { try onMalformed(bad) }
            }
        }
    }
}
