/// One notification of one alert to one sink, kept until it is delivered or given up.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    public var alertID: Int64
    /// The sink's configured name (`slack`, `pagerduty`, `webhook-soc`).
    public var sink: String
    public var state: NotificationState
    /// Failed attempts so far.
    public var attempts: Int
    /// When a pending entry is due, epoch milliseconds.
    public var nextAttemptAt: Int64
    /// The error of the last failed attempt.
    public var lastError: String?
    public var createdAt: Int64
    public var deliveredAt: Int64?

    public init(
        id: Int64, alertID: Int64, sink: String, state: NotificationState, attempts: Int, nextAttemptAt: Int64, lastError: String? = nil,
        createdAt: Int64, deliveredAt: Int64? = nil
    ) {
        self.id = id
        self.alertID = alertID
        self.sink = sink
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}
