/// Which stored alerts to list: recently updated, severe enough, from one rule, in one state.
public struct AlertFilter: Sendable, Equatable {
    /// The most alerts one listing returns.
    public static let maximumLimit = 1000

    /// Only alerts updated at or after this time, epoch milliseconds.
    public var since: Int64?
    /// Only alerts at or above this severity (`info` < `low` < `medium` < `high` < `critical`).
    public var minimumSeverity: String?
    /// Only alerts of this rule id.
    public var rule: String?
    /// Only alerts in this state.
    public var state: AlertState?
    /// At most this many, 1 to `maximumLimit` (clamped when listing).
    public var limit: Int = 100

    public init(since: Int64? = nil, minimumSeverity: String? = nil, rule: String? = nil, state: AlertState? = nil, limit: Int = 100) {
        self.since = since
        self.minimumSeverity = minimumSeverity
        self.rule = rule
        self.state = state
        self.limit = limit
    }

    /// `limit` within 1...`maximumLimit`.
    var clampedLimit: Int { min(max(limit, 1), AlertFilter.maximumLimit) }
}
