/// A source of bytes read in chunks, front to back, such as a file or a decompressor.
///
/// Streams are single-pass. `read()` returns the next non-empty chunk, or `nil` once the input
/// is exhausted. A stream that failed keeps throwing the same error on later reads.
public protocol ByteStream: AnyObject {
    /// The next chunk of bytes, or `nil` at the end of the input.
    func read() throws(InputError) -> [UInt8]?
}
