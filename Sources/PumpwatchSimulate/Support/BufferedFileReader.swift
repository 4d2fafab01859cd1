#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file sequentially through a fixed-size buffer: lines, or little-endian 64-bit integers.
final class BufferedFileReader {
    let path: String
    private var fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private let capacity: Int

    init(path: String, capacity: Int = 1 << 17) throws(SimulationError) {
        self.path = path
        self.capacity = capacity
        buffer = [UInt8](repeating: 0, count: capacity)
        fd = open(path, O_RDONLY)
        if fd < 0 { throw .io(path: path, reason: "cannot open the file: \(FileSystem.lastError())") }
    }

    deinit {
        if fd >= 0 { posixCloseForReader(fd) }
    }

    /// Moves unread bytes to the front and reads more; false when nothing more arrived.
    private func refill() throws(SimulationError) -> Bool {
        if atEOF { return false }
        if start > 0 {
            let count = end - start
            if count > 0 {
                buffer.withUnsafeMutableBytes { b in
                    let base = b.baseAddress!
                    memmove(base, base + start, count)
                }
            }
            start = 0
            end = count
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let room = buffer.count - end
        let n = buffer.withUnsafeMutableBytes { b in read(fd, b.baseAddress! + end, room) }
        if n < 0 { throw .io(path: path, reason: "read failed: \(FileSystem.lastError())") }
        if n == 0 { atEOF = true; return false }
        end += n
        return true
    }

    /// The next line without its newline, or nil at the end of the file.
    func nextLine() throws(SimulationError) -> [UInt8]? {
        var scanned = 0
        while true {
            if let nl = buffer[(start + scanned)..<end].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                return line
            }
            scanned = end - start
            if try !refill() {
                if start < end {
                    let line = Array(buffer[start..<end])
                    start = end
                    return line
                }
                return nil
            }
        }
    }

    /// The next little-endian Int64, or nil at the end of the file.
    func nextInt64() throws(SimulationError) -> Int64? {
        while end - start < 8 {
            if try !refill() { return nil }
        }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(buffer[start + i]) << (8 * UInt64(i)) }
        start += 8
        return Int64(bitPattern: v)
    }

    func close() {
        if fd >= 0 {
            posixCloseForReader(fd)
            fd = -1
        }
    }
}

private func posixCloseForReader(_ fd: Int32) {
    _ = close(fd)
}
