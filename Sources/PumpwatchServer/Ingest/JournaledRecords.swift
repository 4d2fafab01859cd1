import PumpwatchCore
import PumpwatchStore

/// What one ingest request added to the journal: handed to `IngestRoutes`' `onJournaled` after
/// the records are durable, for the metrics and to wake continuous detection.
public struct JournaledRecords: Sendable, Equatable {
    /// How many entries were added and already there, and the sequence of the last one added.
    public var append: JournalAppend
    /// The entries added, by format.
    public var countByFormat: [SourceFormat: Int]

    public init(append: JournalAppend, countByFormat: [SourceFormat: Int]) {
        self.append = append
        self.countByFormat = countByFormat
    }

    /// The sequence of the last entry added, `nil` when none was.
    public var lastSequence: Int64? { append.lastSequence }
}
