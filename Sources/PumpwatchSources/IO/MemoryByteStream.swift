/// A byte stream over bytes already in memory, served in chunks of a fixed size.
///
/// Small chunk sizes exercise the chunk-boundary handling of decoders and splitters.
public final class MemoryByteStream: ByteStream {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 20) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public convenience init(_ text: String, chunkSize: Int = 1 << 20) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public func read() throws(InputError) -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
