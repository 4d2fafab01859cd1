#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file with `read(2)` in large chunks (1 MiB by default), never holding the whole file.
public final class FileByteStream: ByteStream {
    /// The path the file was opened with.
    public let path: String
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// Called with the size of every chunk read, for progress reports.
    public var onChunk: ((Int) -> Void)?

    private var fd: Int32
    private let chunkSize: Int
    private var failure: InputError?

    /// Opens `path` for reading.
    public init(path: String, chunkSize: Int = 1 << 20) throws(InputError) {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { _ = closeDescriptor(fd) }
    }

    /// Closes the file early; later reads return `nil`.
    public func close() {
        if fd >= 0 {
            _ = closeDescriptor(fd)
            fd = -1
        }
    }

    private func closeDescriptor(_ d: Int32) -> Int32 {
        #if canImport(Glibc)
        return Glibc.close(d)
        #elseif canImport(Musl)
        return Musl.close(d)
        #else
        return Darwin.close(d)
        #endif
    }

    public func read() throws(InputError) -> [UInt8]? {
        if let failure { throw failure }
        guard fd >= 0 else { return nil }
        var err: Int32 = 0
        let size = chunkSize
        let descriptor = fd
        let chunk = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            while true {
                let n = systemRead(descriptor, buf.baseAddress, size)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { err = errno; count = 0 } else { count = n }
                return
            }
        }
        if err != 0 {
            let e = InputError.readFailed(path: path, offset: bytesRead, reason: String(cString: strerror(err)))
            failure = e
            throw e
        }
        if chunk.isEmpty {
            close()
            return nil
        }
        bytesRead += Int64(chunk.count)
        onChunk?(chunk.count)
        return chunk
    }

    private func systemRead(_ d: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(d, p, n)
        #elseif canImport(Musl)
        return Musl.read(d, p, n)
        #else
        return Darwin.read(d, p, n)
        #endif
    }
}
