import PumpwatchCore

/// What was read from one file: its format, how many events, their time range and the malformed records.
public struct FileSummary: Sendable, Equatable {
    /// The file's path, as given or as found while walking a directory.
    public var path: String
    /// The detected format; `nil` when the file is empty, binary, unrecognised or unreadable.
    public var format: SourceFormat?
    /// The number of events read.
    public var events: Int
    /// The earliest event time (epoch milliseconds), when any event had one.
    public var first: Int64?
    /// The latest event time (epoch milliseconds), when any event had one.
    public var last: Int64?
    /// The number of malformed records reported for the file.
    public var malformed: Int

    public init(path: String, format: SourceFormat? = nil, events: Int = 0, first: Int64? = nil, last: Int64? = nil, malformed: Int = 0) {
        self.path = path
        self.format = format
        self.events = events
        self.first = first
        self.last = last
        self.malformed = malformed
    }
}
