/// A stored alert: the latest draft for its key, its triage state, and its history counters.
public struct AlertRecord: Sendable, Equatable {
    /// The store's id for the alert.
    public var id: Int64
    /// What the detection last reported (with `firstSeen` the earliest and `lastSeen` the latest seen).
    public var draft: AlertDraft
    public var state: AlertState
    /// Who last changed the state; `nil` while it was never changed.
    public var stateChangedBy: String?
    /// When the state last changed, epoch milliseconds.
    public var stateChangedAt: Int64?
    /// The note given with the last state change.
    public var note: String?
    /// When the alert was first stored, epoch milliseconds.
    public var createdAt: Int64
    /// When the alert last changed (a detection update or a state change), epoch milliseconds.
    public var updatedAt: Int64
    /// How many times the detection reported it: 1 at creation.
    public var occurrences: Int

    public init(
        id: Int64, draft: AlertDraft, state: AlertState, stateChangedBy: String? = nil, stateChangedAt: Int64? = nil, note: String? = nil,
        createdAt: Int64, updatedAt: Int64, occurrences: Int
    ) {
        self.id = id
        self.draft = draft
        self.state = state
        self.stateChangedBy = stateChangedBy
        self.stateChangedAt = stateChangedAt
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.occurrences = occurrences
    }
}
