/// A line of NDJSON findings that is not a finding: where it is and what is wrong.
public struct FindingDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or stream) the findings came from.
    public var file: String
    /// The 1-based line of the finding.
    public var line: Int
    /// The offending key, or nil when the line is not a JSON object.
    public var key: String?
    public var reason: String

    public init(file: String, line: Int, key: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        "\(file):\(line): " + (key.map { "\($0): " } ?? "") + reason
    }
}
