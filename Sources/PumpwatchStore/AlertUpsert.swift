/// The outcome of `PumpwatchStore.upsertAlert`: the alert as stored, and whether this call created it.
public struct AlertUpsert: Sendable, Equatable {
    public var alert: AlertRecord
    /// `true` when no alert had the key before (notifications were enqueued), `false` for an update.
    public var created: Bool

    public init(alert: AlertRecord, created: Bool) {
        self.alert = alert
        self.created = created
    }
}
