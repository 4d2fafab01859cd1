/// One change of an alert's triage state: to what, by whom, when, and why.
public struct AlertStateChange: Sendable, Equatable {
    public var alertID: Int64
    public var state: AlertState
    /// Who made the change (a user name, an API key's name, `system`).
    public var changedBy: String
    /// When, epoch milliseconds.
    public var changedAt: Int64
    public var note: String?

    public init(alertID: Int64, state: AlertState, changedBy: String, changedAt: Int64, note: String? = nil) {
        self.alertID = alertID
        self.state = state
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.note = note
    }
}
