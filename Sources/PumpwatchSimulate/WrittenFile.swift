import PumpwatchCore

/// One file a simulation wrote.
public struct WrittenFile: Sendable, Hashable {
    /// The path relative to the output folder (`cloudtrail/AWSLogs/…/x.json.gz`).
    public var path: String
    public var format: SourceFormat
    /// The records it holds: CloudTrail records, log lines, messages, CloudEvents, log events or datapoints.
    public var records: Int
    /// Its size on disk.
    public var bytes: Int64

    public init(path: String, format: SourceFormat, records: Int, bytes: Int64) {
        self.path = path
        self.format = format
        self.records = records
        self.bytes = bytes
    }
}
