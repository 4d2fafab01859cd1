#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream into lines, counting line numbers, for NDJSON and text logs.
///
/// It drops a leading UTF-8 byte order mark, strips `\r` before `\n` (CRLF files), skips blank
/// lines and yields a last line that has no line end. A line longer than `maxRecordBytes` is not
/// buffered: its bytes are discarded as they arrive and it is reported as a `SplitFailure`.
public final class LineSplitter: RecordSplitter {
    private let source: ByteStream
    private let maxRecordBytes: Int
    private var buffer: [UInt8] = []
    /// Start of the current (incomplete) line in `buffer`.
    private var lineStart = 0
    /// Where the search for the next `\n` resumes.
    private var scanFrom = 0
    private var linesDone = 0
    private var recordCount = 0
    private var atStreamStart = true
    private var ended = false
    /// The line number of an overlong line being discarded.
    private var discardingLine: Int?

    public init(source: ByteStream, maxRecordBytes: Int = 16 << 20) {
        self.source = source
        self.maxRecordBytes = max(1, maxRecordBytes)
    }

    public var currentLine: Int { linesDone + 1 }

    public func next() throws(InputError) -> SplitItem? {
        while true {
            if let newline = findNewline() {
                let start = lineStart
                lineStart = newline + 1
                scanFrom = lineStart
                linesDone += 1
                if let long = discardingLine {
                    discardingLine = nil
                    return .failure(tooLong(line: long))
                }
                if let item = makeItem(start: start, end: newline, line: linesDone) { return item }
                continue
            }
            scanFrom = buffer.count
            if discardingLine != nil {
                lineStart = buffer.count
            } else if pendingLength() > maxRecordBytes {
                discardingLine = linesDone + 1
                lineStart = buffer.count
            }
            if ended {
                if let long = discardingLine {
                    discardingLine = nil
                    linesDone += 1
                    return .failure(tooLong(line: long))
                }
                if lineStart < buffer.count {
                    let start = lineStart
                    lineStart = buffer.count
                    linesDone += 1
                    if let item = makeItem(start: start, end: buffer.count, line: linesDone) { return item }
                }
                return nil
            }
            try refill()
        }
    }

    /// The length the line being buffered has at least, counted as `makeItem` counts it: without
    /// the byte order mark of the first line and without a `\r` that may end up before its `\n`.
    /// So whether a line is too long does not depend on where the chunks of the stream end.
    private func pendingLength() -> Int {
        var s = lineStart
        var e = buffer.count
        if linesDone == 0 && atStreamStart {
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if e - s < 3 && bom.starts(with: buffer[s..<e]) { return 0 }
            if e - s >= 3 && buffer[s..<(s + 3)].elementsEqual(bom) { s += 3 }
        }
        if e > s && buffer[e - 1] == 0x0D { e -= 1 }
        return e - s
    }

    private func tooLong(line: Int) -> SplitFailure {
        SplitFailure(line: line, reason: LineSplitter.tooLongReason(maxRecordBytes))
    }

    /// Why a line longer than `maxRecordBytes` was skipped.
    static func tooLongReason(_ maxRecordBytes: Int) -> String {
        "line longer than \(maxRecordBytes) bytes, skipped"
    }

    /// True when `line` holds nothing but spaces, tabs and carriage returns.
    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for c in line where c != 0x20 && c != 0x09 && c != 0x0D { return false }
        return true
    }

    private func findNewline() -> Int? {
        guard scanFrom < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            let base = raw.baseAddress!
            guard let hit = memchr(base + scanFrom, 0x0A, raw.count - scanFrom) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    private func makeItem(start: Int, end: Int, line: Int) -> SplitItem? {
        var s = start
        var e = end
        if line == 1 && atStreamStart {
            atStreamStart = false
            if e - s >= 3 && buffer[s] == 0xEF && buffer[s + 1] == 0xBB && buffer[s + 2] == 0xBF { s += 3 }
        }
        if e > s && buffer[e - 1] == 0x0D { e -= 1 }
        // Too long before blank: a long line is skipped unread, whatever it holds.
        if e - s > maxRecordBytes { return .failure(tooLong(line: line)) }
        if buffer.withUnsafeBytes({ LineSplitter.isBlank(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }) { return nil }
        recordCount += 1
        return .record(RawRecord(bytes: Array(buffer[s..<e]), line: line, index: recordCount))
    }

    private func refill() throws(InputError) {
        if lineStart > 0 {
            buffer.removeSubrange(0..<lineStart)
            scanFrom -= lineStart
            lineStart = 0
        }
        if let chunk = try source.read() {
            buffer.append(contentsOf: chunk)
        } else {
            ended = true
        }
    }
}
