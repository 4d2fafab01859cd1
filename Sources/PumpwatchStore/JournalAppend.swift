/// The outcome of `PumpwatchStore.appendToJournal`.
public struct JournalAppend: Sendable, Equatable {
    /// Entries newly journaled.
    public var accepted: Int
    /// Entries skipped because their (format, eventID) was already journaled, before or earlier in the batch.
    public var duplicates: Int
    /// The sequence of the last accepted entry; `nil` when none was accepted.
    public var lastSequence: Int64?

    public init(accepted: Int, duplicates: Int, lastSequence: Int64?) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.lastSequence = lastSequence
    }
}
