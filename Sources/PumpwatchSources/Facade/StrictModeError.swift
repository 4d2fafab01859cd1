import PumpwatchCore

/// Thrown in strict mode at the first malformed record; it carries that record.
public struct StrictModeError: Error, Sendable, CustomStringConvertible {
    /// The malformed record that stopped the run.
    public var record: MalformedRecord

    public init(record: MalformedRecord) {
        self.record = record
    }

    public var description: String { "strict mode: \(record)" }
}
