/// Where an event came from: the file, the line it starts on and its record number.
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    /// The path of the file as given or found while walking a directory.
    public var file: String
    /// The 1-based line on which the record starts (0 when not known).
    public var line: Int
    /// The 1-based index of the record in its file, for array and wrapped formats.
    public var record: Int?

    public init(file: String, line: Int, record: Int? = nil) {
        self.file = file
        self.line = line
        self.record = record
    }

    public var description: String {
        if let record { return "\(file):\(line) (record \(record))" }
        return "\(file):\(line)"
    }
}
