#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range of a file mapped into memory read-only, with pages released behind the reader.
///
/// Reading through the mapping avoids copying the bytes; `release(upTo:)` drops the pages already
/// read from this process (the page cache keeps them), so resident memory stays small however
/// large the file is.
final class MappedFile {
    /// The bytes of the range.
    let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int
    /// Offset of `bytes` within the mapping (the range start is not page-aligned).
    private let lead: Int
    private var released = 0

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `start..<end` of the file at `path`.
    init(path: String, start: Int64, end: Int64) throws(InputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let page = Int64(MappedFile.pageSize)
        let alignedStart = start - start % page
        lead = Int(start - alignedStart)
        mappingLength = max(1, Int(end - alignedStart))
        guard let p = mmap(nil, mappingLength, PROT_READ, MAP_PRIVATE, fd, off_t(alignedStart)), p != MAP_FAILED else {
            throw InputError.readFailed(path: path, offset: start, reason: String(cString: strerror(errno)))
        }
        mapping = p
        _ = madvise(p, mappingLength, Int32(MADV_SEQUENTIAL))
        bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(p + lead), count: Int(end - start))
    }

    deinit {
        munmap(mapping, mappingLength)
    }

    /// Releases the whole pages before offset `offset` of `bytes`.
    func release(upTo offset: Int) {
        let page = MappedFile.pageSize
        let upTo = (lead + offset) / page * page
        guard upTo > released else { return }
        _ = madvise(mapping + released, upTo - released, Int32(MADV_DONTNEED))
        released = upTo
    }
}
