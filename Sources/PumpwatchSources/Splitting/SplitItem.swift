/// What a record splitter yields next: a record's bytes, or a stretch it had to reject.
public enum SplitItem: Sendable, Equatable {
    case record(RawRecord)
    case failure(SplitFailure)
}
