/// A byte stream that first replays chunks already taken from another stream, then continues it.
///
/// Format detection reads the first bytes of a file; this puts them back in front.
public final class PrefixedByteStream: ByteStream {
    private var prefix: [[UInt8]]
    private var next = 0
    private let rest: ByteStream

    public init(prefix: [[UInt8]], rest: ByteStream) {
        self.prefix = prefix.filter { !$0.isEmpty }
        self.rest = rest
    }

    public func read() throws(InputError) -> [UInt8]? {
        if next < prefix.count {
            let chunk = prefix[next]
            prefix[next] = []
            next += 1
            return chunk
        }
        return try rest.read()
    }
}
