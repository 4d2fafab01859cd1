/// One fuzz input, read as a few control bytes (which choose options) followed by the payload.
///
/// Control bytes past the end of the input read as zero, so every input, even an empty one, is
/// a valid case.
public struct FuzzInput {
    /// Every byte of the input.
    public let bytes: [UInt8]
    private var cursor = 0

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next control byte, or 0 past the end of the input.
    public mutating func takeByte() -> UInt8 {
        guard cursor < bytes.count else { return 0 }
        defer { cursor += 1 }
        return bytes[cursor]
    }

    /// The bytes after the control bytes taken so far.
    public var payload: [UInt8] {
        cursor < bytes.count ? Array(bytes[cursor...]) : []
    }
}
