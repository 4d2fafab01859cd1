import PumpwatchCore
import PumpwatchSources

/// What a hunt produced: ranked findings and an account of what was read.
public struct HuntResult: Sendable {
    /// Findings ranked by severity, risk score, then time.
    public var findings: [Finding]
    /// The files read, with their formats and counts.
    public var files: [FileSummary]
    /// Events read per format.
    public var eventsByFormat: [SourceFormat: Int]
    /// Malformed records skipped.
    public var malformed: Int
    /// The ids of the rules that ran.
    public var rulesRun: [String]
    /// Warnings from query rules (partial groupBy results, bad regexes), prefixed with the rule id.
    public var warnings: [String]
    /// The time range of the events read (epoch ms).
    public var firstEvent: Int64?
    public var lastEvent: Int64?
}
