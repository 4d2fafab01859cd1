/// The guard's answer to a check: the body of the `POST /v1/check` response.
///
/// `decision` is what to do now. In `monitor` mode it is always `allow`, and `policyDecision`
/// says what the policy would have decided; in `enforce` mode the two are the same.
public struct Decision: Sendable, Codable, Equatable {
    /// The client's request id, or the one the guard made (pass it to `verified`).
    public var id: String
    /// The effective decision.
    public var decision: Verdict
    /// What the policy decided, before the guard's mode was applied.
    public var policyDecision: Verdict
    /// 0–100.
    public var riskScore: Int
    /// The destination country (`GB`, `+881` for non-geographic codes), when the number parses.
    public var country: String?
    /// The destination's calling code (`44`, `1`), when assigned.
    public var callingCode: String?
    public var reasons: [Reason]
    public var mode: GuardMode

    public init(id: String, decision: Verdict, policyDecision: Verdict, riskScore: Int, country: String?, callingCode: String?, reasons: [Reason], mode: GuardMode) {
        self.id = id
        self.decision = decision
        self.policyDecision = policyDecision
        self.riskScore = riskScore
        self.country = country
        self.callingCode = callingCode
        self.reasons = reasons
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey {
        case id, decision
        case policyDecision = "policy_decision"
        case riskScore = "risk_score"
        case country
        case callingCode = "calling_code"
        case reasons, mode
    }
}
