#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PumpwatchCore

/// Follows files and folders as they grow: new files that appear (an S3 sync folder), lines
/// appended to NDJSON and access logs, and rotated files.
///
/// Each `poll` walks the paths again and reads what is new since the last pass:
/// - an uncompressed one-record-per-line file is read up to its last complete line; a partial
///   last line waits for its newline;
/// - any other file (gzip, `{"Records": [...]}`, a JSON array) is read whole, once, when its size
///   and modification time have not changed since the previous pass;
/// - a file renamed by rotation keeps its position (files are known by device and inode); a file
///   found shorter than its position (copy-and-truncate) is read again from the start; a rotated
///   copy that was compressed is recognised by the fingerprint of its first bytes and only the
///   lines after the known position are read.
///
/// `positions` can be saved and given back to `init(options:positions:)` after a restart: reading
/// goes on from there, so no line is read twice or skipped. `replay` reads the known files up to
/// their positions again, for callers that rebuild in-memory state from them.
public final class FileFollower {
    /// Bytes hashed to recognise a file.
    public static let fingerprintLength = 1024

    public let paths: [String]
    public let options: ReadOptions
    /// When false, whole-mode files are read the first time they are seen rather than after a
    /// pass in which they did not change (for reading what is there once, with nothing writing).
    public var waitsForWholeFiles = true
    private var files: [FileKey: FollowedFile]
    /// Whole-mode candidates seen growing: size and modification time at the previous pass.
    private var settling: [FileKey: (size: Int64, mtime: Int64)] = [:]

    struct FileKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A follower of `paths`, going on from `positions` (from a previous run's `positions`).
    public init(paths: [String], options: ReadOptions = ReadOptions(), positions: [FollowedFile] = []) {
        self.paths = paths
        self.options = options
        var known: [FileKey: FollowedFile] = [:]
        for p in positions { known[FileKey(device: p.device, inode: p.inode)] = p }
        files = known
    }

    /// Goes on from `positions` (saved from a previous run), forgetting what this follower knew.
    public func restore(_ positions: [FollowedFile]) {
        files = [:]
        settling = [:]
        for p in positions { files[FileKey(device: p.device, inode: p.inode)] = p }
    }

    /// Where every known file has got to.
    public var positions: [FollowedFile] {
        files.values.sorted { $0.path < $1.path }
    }

    // MARK: - Passes

    /// Reads what is new under the paths; events and malformed records go to the callbacks.
    ///
    /// Throws only what the callbacks throw (and `StrictModeError` in strict mode).
    @discardableResult
    public func poll(onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void) throws -> FollowPoll {
        var result = FollowPoll()
        var events = 0, malformed = 0
        let counting: (Event) throws -> Void = { event in
            events += 1
            try onEvent(event)
        }
        let reporting: (MalformedRecord) -> Void = { record in
            malformed += 1
            onMalformed(record)
        }

        var seen = Set<FileKey>()
        for entry in DirectoryWalker().entries(under: paths) {
            guard case .file(let path, _) = entry, let info = FileFollower.info(path) else { continue }
            let key = FileKey(device: info.device, inode: info.inode)
            seen.insert(key)
            if var known = files[key], FileFollower.isTruncated(known, path: path, size: info.size) || FileFollower.isSameFile(known, path: path) {
                known.path = path
                if known.mode == .tail {
                    if info.size < known.offset {
                        result.truncated += 1
                        known.offset = 0
                        known.lines = 0
                    }
                    if info.size > known.offset {
                        try readTail(&known, size: info.size, onEvent: counting, onMalformed: reporting)
                    }
                }
                files[key] = known
                continue
            }
            try readNew(path: path, key: key, info: info, result: &result, onEvent: counting, onMalformed: reporting)
        }
        // Files gone from the paths are forgotten, unless a rotated copy may still turn up.
        for (key, file) in files where !seen.contains(key) && file.mode == .whole { files[key] = nil }
        for key in settling.keys where !seen.contains(key) { settling[key] = nil }
        result.events = events
        result.malformed = malformed
        return result
    }

    /// Reads every known file from its start up to its saved position, without moving positions.
    public func replay(onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void) throws {
        for file in positions {
            guard let info = FileFollower.info(file.path), info.device == file.device, info.inode == file.inode else { continue }
            switch file.mode {
            case .tail:
                var copy = file
                copy.offset = 0
                copy.lines = 0
                try readTail(&copy, size: min(info.size, file.offset), onEvent: onEvent, onMalformed: onMalformed)
            case .whole:
                guard file.complete else { continue }
                try readWhole(file.path, skippingLines: 0, onEvent: onEvent, onMalformed: onMalformed)
            }
        }
    }

    // MARK: - New files

    private func readNew(
        path: String, key: FileKey, info: FileInfo, result: inout FollowPoll,
        onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws {
        guard info.size > 0, let head = FileFollower.readBytes(path, at: 0, count: FormatDetector.prefixLength) else { return }
        let isGzip = GzipDecoder.hasGzipMagic(head)
        let detected = isGzip ? nil : FormatDetector.detect(prefix: head)
        let fingerprint = FileFollower.fnv1a(head.prefix(FileFollower.fingerprintLength))
        let printed = min(head.count, FileFollower.fingerprintLength)
        if !isGzip, detected?.layout == .lines {
            // A line file: its first line must be complete to be sure of the format.
            guard head.contains(UInt8(ascii: "\n")) || info.size > Int64(FormatDetector.prefixLength) else { return }
            if let formats = options.formats, let f = detected?.format, !formats.contains(f) {
                files[key] = FollowedFile(path: path, device: key.device, inode: key.inode, mode: .tail, offset: info.size, fingerprint: fingerprint, fingerprintBytes: printed)
                return
            }
            var file = FollowedFile(path: path, device: key.device, inode: key.inode, mode: .tail, fingerprint: fingerprint, fingerprintBytes: printed)
            result.newFiles += 1
            try readTail(&file, size: info.size, onEvent: onEvent, onMalformed: onMalformed)
            files[key] = file
            return
        }
        // Whole mode: wait until the file has stopped changing.
        if !waitsForWholeFiles || settling[key].map({ $0.size == info.size && $0.mtime == info.mtime }) == true {
            settling[key] = nil
            let decodedPrint = isGzip ? FileFollower.decodedFingerprint(path) : fingerprint
            let rotatedFrom = files.first { entry in
                guard entry.value.mode == .tail, entry.value.fingerprintBytes == FileFollower.fingerprintLength, entry.value.fingerprint == decodedPrint,
                    entry.key != key || !FileFollower.isSameFile(entry.value, path: path)
                else { return false }
                // The followed file was rotated away: its path is gone or holds another file.
                guard let now = FileFollower.info(entry.value.path) else { return true }
                return now.inode != entry.value.inode || now.device != entry.value.device
            }
            let skip = rotatedFrom?.value.lines ?? 0
            if let rotatedFrom { files[rotatedFrom.key] = nil }
            result.newFiles += 1
            let records = try readWhole(path, skippingLines: skip, onEvent: onEvent, onMalformed: onMalformed)
            files[key] = FollowedFile(
                path: path, device: key.device, inode: key.inode, mode: .whole, offset: info.size, lines: records, fingerprint: decodedPrint, complete: true)
        } else {
            settling[key] = (info.size, info.mtime)
            result.waiting += 1
        }
    }

    /// Reads a whole file through `SourceReader`, leaving out lines up to `skippingLines`; returns
    /// the last line or record number read.
    @discardableResult
    private func readWhole(_ path: String, skippingLines: Int, onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void) throws -> Int {
        var options = self.options
        options.showsProgress = false
        var last = 0
        _ = try SourceReader(options: options).read(
            paths: [path],
            onEvent: { event in
                last = max(last, event.origin.line)
                if event.origin.line <= skippingLines { return }
                try onEvent(event)
            },
            onMalformed: { record in
                if record.origin.line > 0 && record.origin.line <= skippingLines { return }
                onMalformed(record)
            })
        return last
    }

    // MARK: - Tail mode

    /// Reads complete lines from `file.offset` up to `size`, moving the position past them.
    private func readTail(_ file: inout FollowedFile, size: Int64, onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void) throws {
        let fd = open(file.path, O_RDONLY)
        guard fd >= 0 else {
            onMalformed(MalformedRecord(origin: Origin(file: file.path, line: file.lines), reason: "cannot open the file to follow it: \(String(cString: strerror(errno)))"))
            return
        }
        defer { close(fd) }
        let detected = FormatDetector.detect(prefix: FileFollower.readBytes(file.path, at: 0, count: FormatDetector.prefixLength) ?? [])
        let reader = FormatReaders.reader(for: detected?.format ?? .ndjson)
        let chunkSize = 1 << 20
        var carry: [UInt8] = []
        var position = file.offset
        while position < size {
            var chunk = [UInt8](repeating: 0, count: Int(min(Int64(chunkSize), size - position)))
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            guard n > 0 else { break }
            if n < chunk.count { chunk.removeLast(chunk.count - n) }
            position += Int64(n)
            guard let lastNewline = chunk.lastIndex(of: UInt8(ascii: "\n")) else {
                carry.append(contentsOf: chunk)
                if carry.count > options.maxRecordBytes {
                    onMalformed(MalformedRecord(origin: Origin(file: file.path, line: file.lines + 1), reason: "line longer than \(options.maxRecordBytes) bytes; skipped"))
                    file.offset += Int64(carry.count)
                    carry = []
                    try skipToNewline(fd, &file, &position, size: size)
                }
                continue
            }
            var block = carry
            block.append(contentsOf: chunk[...lastNewline])
            carry = Array(chunk[(lastNewline + 1)...])
            try readLines(block, file: &file, reader: reader, onEvent: onEvent, onMalformed: onMalformed)
            file.offset += Int64(block.count)
        }
    }

    /// After an overlong line: consumes bytes up to and including the next newline.
    private func skipToNewline(_ fd: Int32, _ file: inout FollowedFile, _ position: inout Int64, size: Int64) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while position < size {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, Int(size - position)), off_t(position)) }
            guard n > 0 else { return }
            if let i = buffer[..<n].firstIndex(of: UInt8(ascii: "\n")) {
                position += Int64(i + 1)
                file.offset = position
                file.lines += 1
                return
            }
            position += Int64(n)
            file.offset = position
        }
    }

    /// Reads a block of complete lines; line numbers go on from `file.lines`.
    private func readLines(
        _ block: [UInt8], file: inout FollowedFile, reader: any FormatReader,
        onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws {
        let base = file.lines
        let projection = options.projection
        try reader.read(
            MemoryByteStream(block), path: file.path, layout: .lines, maxRecordBytes: options.maxRecordBytes,
            onEvent: { event in
                var event = event
                event.origin.line += base
                if projection.names != nil {
                    let timestamp = event.fields["@timestamp"]
                    projection.apply(to: &event.fields)
                    if let timestamp { event.fields["@timestamp"] = timestamp }
                }
                try onEvent(event)
            },
            onMalformed: { record in
                var record = record
                record.origin.line += base
                onMalformed(record)
                if options.strict { throw StrictModeError(record: record) }
            })
        file.lines += block.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    // MARK: - Files

    struct FileInfo {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var mtime: Int64
    }

    static func info(_ path: String) -> FileInfo? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        return FileInfo(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size), mtime: mtime)
    }

    static func readBytes(_ path: String, at offset: Int64, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard n >= 0 else { return nil }
        buffer.removeLast(count - n)
        return buffer
    }

    /// True when the file at `path` starts with the bytes `known` was fingerprinted from: an inode
    /// freed by a deleted file and reused by a new one is not the same file.
    static func isSameFile(_ known: FollowedFile, path: String) -> Bool {
        guard let head = readBytes(path, at: 0, count: known.fingerprintBytes), head.count == known.fingerprintBytes else { return false }
        return fnv1a(head) == known.fingerprint
    }

    /// True when the followed line file at `path` was emptied in place (copy-and-truncate
    /// rotation): it is shorter than the position and still a plain file, not a compressed copy
    /// that took over the freed inode.
    static func isTruncated(_ known: FollowedFile, path: String, size: Int64) -> Bool {
        guard known.mode == .tail, size < known.offset else { return false }
        return !GzipDecoder.hasGzipMagic(readBytes(path, at: 0, count: 2) ?? [])
    }

    /// The fingerprint of a gzip file's first decoded bytes.
    static func decodedFingerprint(_ path: String) -> UInt64 {
        guard let stream = try? FileByteStream(path: path) else { return 0 }
        let decoder = GzipDecoder(source: stream, path: path)
        var bytes: [UInt8] = []
        while bytes.count < fingerprintLength, let chunk = try? decoder.read() { bytes += chunk }
        return fnv1a(bytes.prefix(fingerprintLength))
    }

    static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
