/// A stretch of input a splitter could not turn into a record: too long, cut off or out of place.
public struct SplitFailure: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line where the bad stretch starts.
    public var line: Int
    /// The 1-based record index it would have had, when it was an array element or document.
    public var index: Int?
    /// Why it was rejected.
    public var reason: String

    public init(line: Int, index: Int? = nil, reason: String) {
        self.line = line
        self.index = index
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
