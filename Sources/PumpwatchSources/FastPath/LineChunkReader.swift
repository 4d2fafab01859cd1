#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a byte range of a file in chunks of whole lines, into one buffer it reuses.
///
/// `pread` into a buffer that stays in the core's cache (256 KB) costs less than mapping the same
/// pages (the kernel copies them instead of setting up and tearing down a page table entry for
/// each; a buffer of several MB, copied out to memory and read back, costs more), and resident
/// memory stays at the buffer's size however large the range. A chunk ends after its last line feed, so no line
/// is cut; the last chunk of the range ends where the range does, with or without a line end. A
/// line that does not fit in `maxLineBytes` plus a few bytes (its line end, a carriage return, a
/// byte order mark) is not handed out: `next()` says it was there and moves past it.
final class LineChunkReader {
    /// What `next()` gives.
    enum Chunk {
        /// Whole lines (the range's last chunk may end without a line feed).
        case lines(UnsafeRawBufferPointer)
        /// A line longer than the buffer may grow, skipped.
        case overlongLine
    }

    private let path: String
    private let fd: Int32
    private var offset: Int64
    private let end: Int64
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private let maxCapacity: Int
    /// Bytes in the buffer, and how many of them the last chunk handed out.
    private var filled = 0
    private var consumed = 0
    private var atEnd = false

    /// A reader of `start..<end` of the file at `path`, in chunks of about `chunkBytes`.
    init(path: String, start: Int64, end: Int64, chunkBytes: Int = 256 << 10, maxLineBytes: Int) throws(InputError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        offset = start
        self.end = end
        maxCapacity = max(chunkBytes, maxLineBytes + 8)
        capacity = min(max(1, chunkBytes), maxCapacity)
        buffer = .allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next chunk; nil at the end of the range. The bytes stay valid until the next call.
    func next() throws(InputError) -> Chunk? {
        if consumed > 0 {
            let rest = filled - consumed
            if rest > 0 { memmove(buffer, buffer + consumed, rest) }
            filled = rest
            consumed = 0
        }
        while true {
            try fill()
            if filled == 0 { return nil }
            if atEnd {
                consumed = filled
                return .lines(UnsafeRawBufferPointer(start: buffer, count: filled))
            }
            if let lineFeed = lastLineFeed() {
                consumed = lineFeed + 1
                return .lines(UnsafeRawBufferPointer(start: buffer, count: consumed))
            }
            // A full buffer and no line end: the line at its start is longer than the buffer.
            if capacity < maxCapacity {
                let grown = min(maxCapacity, capacity * 2)
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 64)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity = grown
                continue
            }
            return try skipOverlongLine()
        }
    }

    /// The offset of the buffer's last line feed (lines are short: it is near the end).
    private func lastLineFeed() -> Int? {
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        var k = filled - 1
        while k >= 0 {
            if bytes[k] == 0x0A { return k }
            k -= 1
        }
        return nil
    }

    /// Reads until the buffer is full or the range ends.
    private func fill() throws(InputError) {
        while filled < capacity && !atEnd {
            let want = Int(min(Int64(capacity - filled), end - offset))
            if want <= 0 {
                atEnd = true
                break
            }
            let n = pread(fd, buffer + filled, want, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(path: path, offset: offset, reason: String(cString: strerror(errno)))
            }
            if n == 0 {
                // The file ended before the range did (it shrank while being read).
                atEnd = true
                break
            }
            filled += n
            offset += Int64(n)
        }
    }

    /// Moves past the line filling the buffer, to just after its line feed (or to the end).
    private func skipOverlongLine() throws(InputError) -> Chunk {
        while true {
            if let lineFeed = memchr(buffer, 0x0A, filled) {
                consumed = buffer.distance(to: lineFeed) + 1
                return .overlongLine
            }
            filled = 0
            try fill()
            if filled == 0 { return .overlongLine }
        }
    }
}
