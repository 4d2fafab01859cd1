import PumpwatchGuard

/// Which stored decisions to list: a time range, a decision, a country or number, and a page.
public struct DecisionFilter: Sendable, Equatable {
    /// The most decisions one listing returns.
    public static let maximumLimit = 1000

    /// Only decisions made at or after this time, epoch milliseconds.
    public var since: Int64?
    /// Only decisions made before this time, epoch milliseconds.
    public var until: Int64?
    /// Only this effective decision.
    public var decision: Verdict?
    /// Only this policy decision (what monitor mode would have done).
    public var policyDecision: Verdict?
    /// Only this destination country (`GB`).
    public var country: String?
    /// Only this destination, as sent.
    public var to: String?
    /// Only decisions stored before this sequence number: the `next` cursor of a previous page.
    public var before: Int64?
    /// At most this many, 1 to `maximumLimit`.
    public var limit: Int

    public init(
        since: Int64? = nil, until: Int64? = nil, decision: Verdict? = nil, policyDecision: Verdict? = nil, country: String? = nil,
        to: String? = nil, before: Int64? = nil, limit: Int = 100
    ) {
        self.since = since
        self.until = until
        self.decision = decision
        self.policyDecision = policyDecision
        self.country = country
        self.to = to
        self.before = before
        self.limit = min(max(limit, 1), DecisionFilter.maximumLimit)
    }
}
