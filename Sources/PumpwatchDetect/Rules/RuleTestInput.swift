import PumpwatchCore

/// One input file of an inline rule test: records in one format, after `repeat` expansion.
public struct RuleTestInput: Sendable {
    public var format: SourceFormat
    /// One JSON document or text line per element.
    public var records: [String]

    public init(format: SourceFormat, records: [String]) {
        self.format = format
        self.records = records
    }
}
