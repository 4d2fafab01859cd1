#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PumpwatchCore

/// Reads files and folders on several threads, handing the events of each part of the input to a
/// sink of its own and the finished sinks back to the caller in input order.
///
/// The input is cut into segments in the order `SourceReader` reads it: each file is one segment,
/// except plain (uncompressed) NDJSON CloudTrail and Falcon files the fast path serves, which are
/// cut at line ends into ranges of a few tens of MB, read in chunks of whole lines (`LineChunkReader`). Worker
/// threads take segments in order, a few ahead of the caller; the caller's thread receives each
/// segment's malformed records (with their true line numbers) and then its sink, segment after
/// segment, so merging the sinks in that order gives what one pass would. Large gzip files also
/// inflate on a thread of their own (`ThreadedByteStream`).
///
/// Malformed records are passed on as they come for the segment the caller is at, with the lines
/// they have in their file; a later segment holding many waits, so memory stays bounded. Events of
/// a range other than a file's first carry lines counted from the start of their range (the lines
/// before it are not counted yet when they are read); `splitsFiles = false` keeps files whole for
/// consumers that need exact event lines. Strict mode is not supported here: a run that must stop
/// at the first malformed record reads with `SourceReader`.
public final class ParallelSourceReader {
    public let options: ReadOptions
    public let filter: EventFilter?
    public let workers: Int
    /// False keeps every file in one piece, so that every event carries its true line.
    public var splitsFiles = true
    /// The largest range a file is cut into. Each range's groups are merged into the result once,
    /// so larger ranges mean less merging (a tenth of the CPU on the LogScale seed with 64 MB
    /// ranges); a range's own table holds the groups it met, so peak memory with a million groups
    /// grows with them (about 170 MB at 128 MB, 190 MB at 256 MB: `bench/bounds/run`).
    public var maxRangeBytes: Int64 = 128 << 20
    /// Files smaller than twice this are not cut.
    public var minRangeBytes: Int64 = 16 << 20
    /// Ranges are scanned through record shapes where the processor allows (`RecordShapeMemo`);
    /// false reads them member by member, with the skim where the filter allows one.
    var readsShapes = RecordShapeMemo.isAvailable

    public init(options: ReadOptions, filter: EventFilter?, workers: Int) {
        self.options = options
        self.filter = filter
        self.workers = max(1, workers)
    }

    /// One segment of the input.
    enum Work: Sendable {
        /// A path that cannot be read, reported by the caller's thread.
        case problem(path: String, reason: String)
        /// A whole file, read by `SourceReader`.
        case file(path: String, size: Int64)
        /// Lines `start..<end` of a plain NDJSON file.
        case range(path: String, format: SourceFormat, start: Int64, end: Int64, isLast: Bool)

        var path: String {
            switch self {
            case .problem(let p, _), .file(let p, _), .range(let p, _, _, _, _): return p
            }
        }

        var bytes: Int64 {
            switch self {
            case .problem: return 0
            case .file(_, let size): return size
            case .range(_, _, let s, let e, _): return e - s
            }
        }
    }

    /// Reads every file under `paths`. `makeSink` (called on worker threads) gives each segment its
    /// sink; `onSegment` gets the finished sinks in input order on this thread, after the segment's
    /// malformed records went to `onMalformed`. Returns one summary per file, as `SourceReader` does.
    public func read<Sink: SegmentEventSink>(
        paths: [String], makeSink: @escaping @Sendable () -> Sink,
        onSegment: (Sink) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws -> [FileSummary] {
        let entries = DirectoryWalker().entries(under: paths)
        var total: Int64 = 0
        for case .file(_, let size) in entries { total += size }
        let progress = ProgressReporter(totalBytes: total, enabled: options.showsProgress ? nil : false)
        defer { progress.finish() }

        var work: [Work] = []
        var remaining = total
        for entry in entries {
            switch entry {
            case .problem(let path, let reason): work.append(.problem(path: path, reason: reason))
            case .file(let path, let size):
                work.append(contentsOf: segments(path: path, size: size, remaining: remaining))
                remaining -= size
            }
        }

        let run = ParallelRun(work: work, lookahead: workers * 2)
        let options = self.options
        let filter = self.filter
        let readsShapes = self.readsShapes
        let makeAnySink: @Sendable () -> any SegmentEventSink = makeSink
        var threads: [Thread] = []
        for _ in 0..<min(workers, max(1, work.count)) {
            let thread = Thread {
                ParallelSourceReader.work(run, options: options, filter: filter, readsShapes: readsShapes, makeSink: makeAnySink)
            }
            thread.stackSize = 4 << 20
            threads.append(thread)
            thread.start()
        }
        defer {
            run.cancel()
            run.waitForWorkers(count: threads.count)
        }

        var summaries: [FileSummary] = []
        var lineBase = 0
        var rangeSummary: FileSummary?
        for i in work.indices {
            let segment = work[i]
            if case .problem(let path, let reason) = segment {
                progress.finish()
                onMalformed(MalformedRecord(origin: Origin(file: path, line: 0), reason: reason))
                summaries.append(FileSummary(path: path, malformed: 1))
                continue
            }
            var startsFile = true
            if case .range(_, _, let start, _, _) = segment, start > 0 { startsFile = false }
            if startsFile { lineBase = 0 }
            let base = lineBase
            let outcome = try run.drain(i) { reports in
                progress.finish()
                for var r in reports {
                    if r.origin.line > 0 { r.origin.line += base }
                    onMalformed(r)
                }
            }
            progress.advance(by: Int(segment.bytes))
            if let sink = outcome.sink as? Sink { try onSegment(sink) }
            switch segment {
            case .problem:
                break
            case .file:
                if let s = outcome.summary { summaries.append(s) }
            case .range(let path, let format, let start, _, let isLast):
                if start == 0 { rangeSummary = FileSummary(path: path, format: format) }
                if var s = rangeSummary, let part = outcome.summary {
                    s.events += part.events
                    s.malformed += part.malformed
                    if let f = part.first, s.first.map({ f < $0 }) ?? true { s.first = f }
                    if let l = part.last, s.last.map({ l > $0 }) ?? true { s.last = l }
                    rangeSummary = s
                }
                lineBase += outcome.lines
                if isLast, let s = rangeSummary {
                    summaries.append(s)
                    rangeSummary = nil
                }
            }
        }
        return summaries
    }

    // MARK: - Cutting the input

    /// The size of a segment starting where `remaining` bytes of the input are left: two segments
    /// per worker over what is left, within `minRangeBytes...maxRangeBytes`.
    ///
    /// Segments shrink toward the end of the input (guided scheduling), so that the workers finish
    /// together; early on they are large, and fewer segments mean fewer partial results to merge
    /// (each segment's groups are merged once).
    func rangeBytes(remaining: Int64) -> Int64 {
        min(maxRangeBytes, max(minRangeBytes, remaining / Int64(workers * 2)))
    }

    /// The segments of one file, `remaining` bytes from the end of the input: ranges sized by
    /// `rangeBytes(remaining:)` for a plain NDJSON file the fast path serves, else the whole file.
    private func segments(path: String, size: Int64, remaining: Int64) -> [Work] {
        guard splitsFiles, size >= 2 * minRangeBytes, options.projection.names != nil else { return [.file(path: path, size: size)] }
        guard let head = plainHead(path), let detected = FormatDetector.detect(prefix: head),
            detected.layout == .lines,
            options.formats?.contains(detected.format) ?? true,
            FastPathSupport.serves(detected.format, projection: options.projection)
        else { return [.file(path: path, size: size)] }
        var cuts: [Int64] = [0]
        var target = rangeBytes(remaining: remaining)
        // The last piece of a file takes a tail shorter than the smallest segment.
        while target < size && size - target >= minRangeBytes {
            guard let cut = lineStart(atOrAfter: target, in: path, size: size), cut < size else { break }
            if cut > cuts.last! { cuts.append(cut) }
            let from = max(cut, target)
            target = from + rangeBytes(remaining: remaining - from)
        }
        cuts.append(size)
        var out: [Work] = []
        for k in 0..<(cuts.count - 1) {
            out.append(.range(path: path, format: detected.format, start: cuts[k], end: cuts[k + 1], isLast: k == cuts.count - 2))
        }
        return out
    }

    /// The first `FormatDetector.prefixLength` bytes of a file that is not gzip-compressed: what
    /// `OpenedInput` detects the format from, without reading (and allocating) a whole first chunk;
    /// nil for a gzip file or one that cannot be read.
    private func plainHead(_ path: String) -> [UInt8]? {
        guard let head = FileFollower.readBytes(path, at: 0, count: FormatDetector.prefixLength), !GzipDecoder.hasGzipMagic(head) else { return nil }
        return head
    }

    /// The offset just after the first line end at or after `offset`; nil when none follows.
    private func lineStart(atOrAfter offset: Int64, in path: String, size: Int64) -> Int64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var at = offset
        while at < size {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            if n <= 0 { return nil }
            if let i = buffer[0..<n].firstIndex(of: 0x0A) { return at + Int64(i) + 1 }
            at += Int64(n)
        }
        return nil
    }

    // MARK: - Workers

    private static func work(
        _ run: ParallelRun, options: ReadOptions, filter: EventFilter?, readsShapes: Bool, makeSink: @Sendable () -> any SegmentEventSink
    ) {
        defer { run.workerFinished() }
        var workerOptions = options
        workerOptions.strict = false
        workerOptions.showsProgress = false
        let reader = SourceReader(options: workerOptions)
        while let (i, segment) = run.next() {
            let sink = makeSink()
            var outcome = SegmentOutcome()
            let report: (MalformedRecord) -> Void = { run.report($0, segment: i) }
            do {
                switch segment {
                case .problem:
                    break
                case .file(let path, _):
                    outcome.summary = try reader.readFile(
                        path, progress: nil, filter: filter,
                        onEvent: { event, mask in
                            sink.push(event, branches: mask)
                            try run.checkCancelled()
                        }, onMalformed: report)
                case .range(let path, let format, let start, let end, _):
                    let (summary, lines) = try readRange(
                        path: path, format: format, start: start, end: end, options: workerOptions, filter: filter,
                        readsShapes: readsShapes, run: run, sink: sink, onMalformed: report)
                    outcome.summary = summary
                    outcome.lines = lines
                }
            } catch is ParallelRunCancelled {
                return
            } catch {
                run.fail(error)
                return
            }
            outcome.sink = sink
            run.complete(i, outcome)
        }
    }

    /// Reads the lines of `start..<end` as `LineSplitter` and the fast path read them; returns the
    /// summary of the range and its number of lines.
    private static func readRange(
        path: String, format: SourceFormat, start: Int64, end: Int64, options: ReadOptions, filter: EventFilter?,
        readsShapes: Bool, run: ParallelRun, sink: any SegmentEventSink, onMalformed: (MalformedRecord) -> Void
    ) throws -> (FileSummary, Int) {
        var summary = FileSummary(path: path, format: format)
        guard let builder = FastPathSupport.builder(for: format, projection: options.projection, filter: filter, readsShapes: readsShapes) else {
            throw InputError.readFailed(path: path, offset: start, reason: "the fast path does not serve this projection")
        }
        let reader: LineChunkReader
        do {
            reader = try LineChunkReader(path: path, start: start, end: end, maxLineBytes: options.maxRecordBytes)
        } catch {
            summary.malformed += 1
            onMalformed(MalformedRecord(origin: Origin(file: path, line: 0), reason: error.reason))
            return (summary, 0)
        }
        let maxRecordBytes = options.maxRecordBytes
        let skimsLines = builder.skimsLines
        let readsLines = builder.readsLines
        // Every line is offered to `skipLine` first: `read` need not skim again.
        builder.skimsInRead = false
        var line = 0
        while true {
            let chunk: LineChunkReader.Chunk?
            do {
                chunk = try reader.next()
            } catch {
                summary.malformed += 1
                onMalformed(MalformedRecord(origin: Origin(file: path, line: line + 1), reason: error.reason))
                break
            }
            guard let chunk else { break }
            switch chunk {
            case .overlongLine:
                line += 1
                summary.malformed += 1
                onMalformed(MalformedRecord(origin: Origin(file: path, line: line), reason: LineSplitter.tooLongReason(maxRecordBytes)))
            case .lines(let bytes):
                readLines(
                    bytes, firstLineOfFile: start == 0, line: &line, path: path, builder: builder, skimsLines: skimsLines,
                    readsLines: readsLines, maxRecordBytes: maxRecordBytes, sink: sink, summary: &summary, onMalformed: onMalformed)
            }
            try run.checkCancelled()
        }
        summary.events = builder.eventCount
        summary.first = builder.firstMillis
        summary.last = builder.lastMillis
        return (summary, line)
    }

    /// Reads the whole lines in `bytes` (the last may lack its line feed), counting them on `line`.
    /// `firstLineOfFile`: the range starts the file, so its line 1 may open with a byte order mark.
    private static func readLines(
        _ bytes: UnsafeRawBufferPointer, firstLineOfFile: Bool, line: inout Int, path: String, builder: any RecordEventBuilding,
        skimsLines: Bool, readsLines: Bool, maxRecordBytes: Int, sink: any SegmentEventSink, summary: inout FileSummary,
        onMalformed: (MalformedRecord) -> Void
    ) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var pos = 0
        while pos < n {
            // The scanner finds the line's end while it reads the record (not line 1 of a file,
            // which may open with a byte order mark).
            if readsLines && !(firstLineOfFile && line == 0),
                let (length, bad) = builder.readLine(
                    base + pos, available: n - pos, maxBytes: maxRecordBytes, line: line + 1, path: path,
                    emit: { sink.push($0, branches: $1) }, direct: { sink.push(value: $0, texts: $1, format: $2, branches: $3) })
            {
                line += 1
                pos += length + 1
                if let bad {
                    summary.malformed += 1
                    onMalformed(bad)
                }
                continue
            }
            if skimsLines, let length = builder.skipLine(base + pos, available: n - pos, maxBytes: maxRecordBytes) {
                // A record no branch takes, checked and counted; its line end found on the way.
                line += 1
                pos += length + 1
                continue
            }
            let newline = memchr(base + pos, 0x0A, n - pos)
            let lineEnd = newline.map { base.distance(to: UnsafeRawPointer($0)) } ?? n
            line += 1
            var s = pos
            var e = lineEnd
            pos = lineEnd + 1
            if firstLineOfFile && line == 1 && e - s >= 3 && base.load(fromByteOffset: s, as: UInt8.self) == 0xEF
                && base.load(fromByteOffset: s + 1, as: UInt8.self) == 0xBB && base.load(fromByteOffset: s + 2, as: UInt8.self) == 0xBF
            {
                s += 3
            }
            if e > s && base.load(fromByteOffset: e - 1, as: UInt8.self) == 0x0D { e -= 1 }
            // Too long before blank, as `LineSplitter` has it: a long line is skipped unread.
            if e - s > maxRecordBytes {
                summary.malformed += 1
                onMalformed(MalformedRecord(origin: Origin(file: path, line: line), reason: LineSplitter.tooLongReason(maxRecordBytes)))
                continue
            }
            let record = UnsafeRawBufferPointer(start: base + s, count: e - s)
            if LineSplitter.isBlank(record) { continue }
            if let bad = builder.read(
                record, line: line, index: 0, path: path, layout: .lines, emit: { sink.push($0, branches: $1) },
                direct: { sink.push(value: $0, texts: $1, format: $2, branches: $3) })
            {
                summary.malformed += 1
                onMalformed(bad)
            }
        }
    }
}

/// What a worker hands back for one segment.
struct SegmentOutcome: @unchecked Sendable {
    var sink: (any SegmentEventSink)?
    var summary: FileSummary?
    var lines = 0
}

/// Thrown inside a worker when the run was cancelled.
struct ParallelRunCancelled: Error {}

/// The shared state of a parallel read: which segment goes next, what each produced, and the
/// malformed records waiting for the caller's thread.
final class ParallelRun: @unchecked Sendable {
    private let condition = NSCondition()
    private let work: [ParallelSourceReader.Work]
    private let lookahead: Int
    private var nextIndex = 0
    private var current = 0
    private var cancelled = false
    private var failure: Error?
    private var finishedWorkers = 0
    private var reports: [[MalformedRecord]]
    private var outcomes: [SegmentOutcome?]
    /// How many malformed records a segment ahead of the caller may hold before its worker waits.
    private let reportLimit = 4096

    init(work: [ParallelSourceReader.Work], lookahead: Int) {
        self.work = work
        self.lookahead = max(1, lookahead)
        reports = Array(repeating: [], count: work.count)
        outcomes = Array(repeating: nil, count: work.count)
        // Problems need no worker.
        for (i, w) in work.enumerated() {
            if case .problem = w { outcomes[i] = SegmentOutcome() }
        }
    }

    /// The next segment for a worker, waiting while it would run too far ahead; nil when done.
    func next() -> (Int, ParallelSourceReader.Work)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            while nextIndex < work.count, case .problem = work[nextIndex] { nextIndex += 1 }
            if nextIndex >= work.count { return nil }
            if nextIndex <= current + lookahead {
                let i = nextIndex
                nextIndex += 1
                return (i, work[i])
            }
            condition.wait()
        }
    }

    /// Queues a malformed record of segment `i`, waiting while too many wait ahead of the caller.
    func report(_ record: MalformedRecord, segment i: Int) {
        condition.lock()
        defer { condition.unlock() }
        while reports[i].count >= reportLimit && current != i && !cancelled { condition.wait() }
        reports[i].append(record)
        condition.broadcast()
    }

    func complete(_ i: Int, _ outcome: SegmentOutcome) {
        condition.lock()
        outcomes[i] = outcome
        condition.broadcast()
        condition.unlock()
    }

    func fail(_ error: Error) {
        condition.lock()
        if failure == nil { failure = error }
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func checkCancelled() throws {
        condition.lock()
        defer { condition.unlock() }
        if cancelled { throw ParallelRunCancelled() }
    }

    func workerFinished() {
        condition.lock()
        finishedWorkers += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForWorkers(count: Int) {
        condition.lock()
        while finishedWorkers < count { condition.wait() }
        condition.unlock()
    }

    /// Waits for segment `i`, passing its malformed records to `deliver` as they come (on the
    /// caller's thread, outside the lock), and returns its outcome. Rethrows a worker's failure.
    func drain(_ i: Int, deliver: ([MalformedRecord]) -> Void) throws -> SegmentOutcome {
        condition.lock()
        current = i
        condition.broadcast()
        while true {
            while reports[i].isEmpty && outcomes[i] == nil && failure == nil { condition.wait() }
            if let failure {
                condition.unlock()
                throw failure
            }
            let batch = reports[i]
            reports[i] = []
            let outcome = outcomes[i]
            if outcome != nil { outcomes[i] = nil }
            condition.broadcast()
            condition.unlock()
            if !batch.isEmpty { deliver(batch) }
            if let outcome { return outcome }
            condition.lock()
        }
    }
}
