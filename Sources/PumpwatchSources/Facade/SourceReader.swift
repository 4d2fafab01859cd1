import PumpwatchCore

/// Reads log files and folders of every supported format into a stream of normalized events.
///
/// Files are read one after the other, each as a stream: chunked reads, gzip inflated on the fly
/// (detected by its magic bytes), the format detected from the first 64 KiB of decoded content,
/// and one record in memory at a time. Directories are walked recursively in sorted order.
/// Nothing about the input stops a run: unreadable files, unknown content and bad records are
/// reported through `onMalformed`, unless `ReadOptions.strict` is set.
public final class SourceReader {
    public let options: ReadOptions
    /// The progress line of the run in progress, cleared before each malformed record is reported.
    private var progress: ProgressReporter?

    public init(options: ReadOptions) {
        self.options = options
    }

    /// Reads every file under `paths` (files or directories, walked recursively), in order.
    ///
    /// Returns one summary per file read, including files that could not be read. Throws
    /// `StrictModeError` in strict mode, and whatever `onEvent` throws.
    public func read(paths: [String], onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void) throws -> [FileSummary] {
        let entries = DirectoryWalker().entries(under: paths)
        var total: Int64 = 0
        for case .file(_, let size) in entries { total += size }
        let progress = ProgressReporter(totalBytes: total, enabled: options.showsProgress ? nil : false)
        self.progress = progress
        defer {
            progress.finish()
            self.progress = nil
        }
        var summaries: [FileSummary] = []
        for entry in entries {
            switch entry {
            case .problem(let path, let reason):
                var summary = FileSummary(path: path)
                try report(MalformedRecord(origin: Origin(file: path, line: 0), reason: reason), in: &summary, onMalformed)
                summaries.append(summary)
            case .file(let path, _):
                if let summary = try readFile(path, progress: progress, onEvent: onEvent, onMalformed: onMalformed) {
                    summaries.append(summary)
                }
            }
        }
        return summaries
    }

    /// The detected format of one file, or nil.
    ///
    /// `nil` means the file is empty, binary or of no known shape. Throws `InputError` when the
    /// file cannot be opened.
    public func detectFormat(path: String) throws -> SourceFormat? {
        let input = try OpenedInput(path: path, progress: nil)
        return input.detected?.format
    }

    // MARK: - One file

    private func report(_ record: MalformedRecord, in summary: inout FileSummary, _ onMalformed: (MalformedRecord) -> Void) throws {
        summary.malformed += 1
        progress?.finish()
        onMalformed(record)
        if options.strict { throw StrictModeError(record: record) }
    }

    private func readFile(
        _ path: String, progress: ProgressReporter,
        onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws -> FileSummary? {
        try readFile(path, progress: progress, filter: nil, onEvent: { event, _ in try onEvent(event) }, onMalformed: onMalformed)
    }

    /// Reads one file. With a `filter`, only the events some branch of it takes reach `onEvent`,
    /// with the mask of those branches (all bits without a filter); the summary counts every event.
    func readFile(
        _ path: String, progress: ProgressReporter?, filter: EventFilter?,
        onEvent: (Event, UInt64) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws -> FileSummary? {
        var summary = FileSummary(path: path)
        let input: OpenedInput
        do {
            input = try OpenedInput(path: path, progress: progress)
        } catch {
            try report(MalformedRecord(origin: Origin(file: path, line: 0), reason: error.reason), in: &summary, onMalformed)
            return summary
        }
        guard let detected = input.detected else {
            let reason: String
            if let failure = input.prefixFailure {
                reason = failure.reason
            } else if FormatDetector.isBlank(input.prefix) {
                reason = "empty file"
            } else if FormatDetector.looksBinary(input.prefix) {
                reason = "binary content, not a log format pumpwatch reads"
            } else {
                reason = "unrecognised content: not JSON, NDJSON or an access log"
            }
            try report(MalformedRecord(origin: Origin(file: path, line: input.prefixFailure == nil ? 0 : 1), reason: reason), in: &summary, onMalformed)
            return summary
        }
        if let formats = options.formats, !formats.contains(detected.format) { return nil }
        summary.format = detected.format
        let projection = options.projection
        if projection.names != nil, let fast = FastPathSupport.builder(for: detected.format, projection: projection, filter: filter) {
            // Projected CloudTrail and Falcon: scan only the members the projection needs.
            try fast.readAll(
                input.stream, path: path, layout: detected.layout, maxRecordBytes: options.maxRecordBytes,
                emit: onEvent, onMalformed: { record in try report(record, in: &summary, onMalformed) })
            summary.events = fast.eventCount
            summary.first = fast.firstMillis
            summary.last = fast.lastMillis
            return summary
        }
        let masker = filter.map(EventMasker.init)
        let reader = FormatReaders.reader(for: detected.format)
        try reader.read(
            input.stream, path: path, layout: detected.layout, maxRecordBytes: options.maxRecordBytes,
            onEvent: { event in
                var event = event
                if projection.names != nil {
                    let timestamp = event.fields["@timestamp"]
                    projection.apply(to: &event.fields)
                    if let timestamp { event.fields["@timestamp"] = timestamp }
                }
                summary.events += 1
                if let t = event.timestampMillis {
                    if summary.first.map({ t < $0 }) ?? true { summary.first = t }
                    if summary.last.map({ t > $0 }) ?? true { summary.last = t }
                }
                let mask = masker?.mask(event.fields) ?? ~UInt64(0)
                guard mask != 0 else { return }
                if let eventFields = filter?.eventFields {
                    let timestamp = event.fields["@timestamp"]
                    eventFields.apply(to: &event.fields)
                    if let timestamp { event.fields["@timestamp"] = timestamp }
                }
                try onEvent(event, mask)
            },
            onMalformed: { record in try report(record, in: &summary, onMalformed) })
        return summary
    }
}

/// A file opened for reading: gzip decoding set up, the first bytes read and the format detected.
struct OpenedInput {
    /// The decoded bytes, starting again from the beginning.
    var stream: ByteStream
    /// The first decoded bytes, up to `FormatDetector.prefixLength`.
    var prefix: [UInt8]
    /// A stream error met while reading the prefix; it is thrown again when the stream is read.
    var prefixFailure: InputError?
    var detected: DetectedFormat?

    init(path: String, progress: ProgressReporter?) throws(InputError) {
        let file = try FileByteStream(path: path)
        if let progress { file.onChunk = { progress.advance(by: $0) } }
        let head = try file.read() ?? []
        let raw = PrefixedByteStream(prefix: [head], rest: file)
        var decoded: ByteStream = raw
        if GzipDecoder.hasGzipMagic(head) {
            let decoder = GzipDecoder(source: raw, path: path)
            decoded = decoder
            if head.count >= 1 << 20 {
                // A large gzip file inflates on a thread of its own while its records are read on this one.
                file.onChunk = nil
                decoded = ThreadedByteStream(
                    source: decoder, startingAt: file.bytesRead, sourceBytes: { file.bytesRead },
                    onProgress: progress.map { p in { p.advance(by: $0) } })
            }
        }
        var chunks: [[UInt8]] = []
        var prefix: [UInt8] = []
        do {
            while prefix.count < FormatDetector.prefixLength, let chunk = try decoded.read() {
                chunks.append(chunk)
                prefix.append(contentsOf: chunk.prefix(FormatDetector.prefixLength - prefix.count))
            }
        } catch {
            prefixFailure = error
        }
        self.prefix = prefix
        self.stream = PrefixedByteStream(prefix: chunks, rest: decoded)
        self.detected = FormatDetector.detect(prefix: prefix)
    }
}
