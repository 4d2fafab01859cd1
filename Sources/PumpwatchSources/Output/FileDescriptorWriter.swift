#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers text and writes it to a file descriptor (standard output by default) in large blocks.
public final class FileDescriptorWriter {
    private let descriptor: Int32
    private let capacity: Int
    private var buffer: [UInt8] = []

    /// A writer for `descriptor` that flushes once `capacity` bytes are buffered.
    public init(descriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.capacity = max(1, capacity)
        buffer.reserveCapacity(self.capacity)
    }

    deinit { flush() }

    /// Buffers `text`, flushing when the buffer is full.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Buffers `bytes` and a line end.
    public func writeLine(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    /// Buffers `text` and a line end.
    public func writeLine(_ text: String) {
        write(text)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out everything buffered. Write errors (a closed pipe) drop the text.
    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #elseif canImport(Musl)
                Musl.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
