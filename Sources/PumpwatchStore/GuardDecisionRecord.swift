import PumpwatchGuard

/// One guard decision as stored: when, what was asked, what was decided, and why.
public struct GuardDecisionRecord: Sendable, Equatable {
    /// The store's sequence number, ascending in insertion order; `nil` until stored.
    public var seq: Int64?
    /// When the decision was made, epoch milliseconds.
    public var time: Int64
    /// The request id (the client's, or the one the guard made).
    public var id: String
    /// The destination as the client sent it.
    public var to: String
    public var ip: String?
    public var user: String?
    public var session: String?
    public var purpose: String?
    public var channel: String?
    /// The effective decision (always `allow` in monitor mode).
    public var decision: Verdict
    /// What the policy decided before the mode was applied.
    public var policyDecision: Verdict
    public var riskScore: Int
    public var country: String?
    public var callingCode: String?
    public var mode: GuardMode
    public var reasons: [Reason]

    public init(
        seq: Int64? = nil, time: Int64, id: String, to: String, ip: String? = nil, user: String? = nil, session: String? = nil,
        purpose: String? = nil, channel: String? = nil, decision: Verdict, policyDecision: Verdict, riskScore: Int,
        country: String? = nil, callingCode: String? = nil, mode: GuardMode, reasons: [Reason]
    ) {
        self.seq = seq
        self.time = time
        self.id = id
        self.to = to
        self.ip = ip
        self.user = user
        self.session = session
        self.purpose = purpose
        self.channel = channel
        self.decision = decision
        self.policyDecision = policyDecision
        self.riskScore = riskScore
        self.country = country
        self.callingCode = callingCode
        self.mode = mode
        self.reasons = reasons
    }

    /// The record of `decision`, made for `request` at `time`.
    public init(request: CheckRequest, decision d: Decision, time: Int64) {
        self.init(
            time: time, id: d.id, to: request.to, ip: request.ip, user: request.user, session: request.session,
            purpose: request.purpose?.rawValue, channel: request.channel?.rawValue, decision: d.decision,
            policyDecision: d.policyDecision, riskScore: d.riskScore, country: d.country, callingCode: d.callingCode,
            mode: d.mode, reasons: d.reasons)
    }
}
