/// The bytes of one record as cut from a file, before parsing, with where it starts.
public struct RawRecord: Sendable, Equatable {
    /// The record's bytes (a line without its line end, or one JSON value).
    public var bytes: [UInt8]
    /// The 1-based line on which the record starts.
    public var line: Int
    /// The 1-based position of the record among the records of its file.
    public var index: Int

    public init(bytes: [UInt8], line: Int, index: Int) {
        self.bytes = bytes
        self.line = line
        self.index = index
    }

    /// The bytes as text (invalid UTF-8 repaired), for tests and messages.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
