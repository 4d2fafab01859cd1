#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends to a file through a fixed-size buffer, so memory stays bounded however much is written.
///
/// Write errors are remembered rather than thrown at each call; `close()` reports the first one.
final class BufferedFileWriter: ByteSink {
    let path: String
    private var fd: Int32
    private var buffer: [UInt8]
    private let capacity: Int
    private var failure: SimulationError?
    /// Bytes handed to the writer so far.
    private(set) var bytesWritten: Int64 = 0

    /// Creates (or truncates) `path`; its folder must exist.
    init(path: String, capacity: Int = 1 << 17) throws(SimulationError) {
        self.path = path
        self.capacity = capacity
        buffer = []
        buffer.reserveCapacity(capacity)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw .io(path: path, reason: "cannot create the file: \(FileSystem.lastError())") }
    }

    deinit {
        if fd >= 0 { _ = posixClose(fd) }
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    func write(bytes: UnsafeRawBufferPointer) {
        bytesWritten += Int64(bytes.count)
        if buffer.count + bytes.count > capacity { flush() }
        if bytes.count >= capacity {
            writeFully(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Hands the buffered bytes to the operating system.
    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeFully($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, fd >= 0, var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = posixWrite(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                failure = .io(path: path, reason: "write failed: \(FileSystem.lastError())")
                return
            }
            left -= n
            base += n
        }
    }

    func close() throws(SimulationError) {
        flush()
        if fd >= 0 {
            if posixClose(fd) != 0, failure == nil {
                failure = .io(path: path, reason: "close failed: \(FileSystem.lastError())")
            }
            fd = -1
        }
        if let failure { throw failure }
    }
}

// The class's own `write` and `close` methods shadow the C functions of the same names.
private func posixWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buf, count)
}

private func posixClose(_ fd: Int32) -> Int32 {
    close(fd)
}
