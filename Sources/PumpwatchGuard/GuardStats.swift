/// The guard's decisions so far, for `GET /v1/guard/stats`.
///
/// Counts by decision, reason, country and hour (the last 48 hours), and the state tables' sizes.
public struct GuardStats: Sendable, Codable, Equatable {
    public var checks = 0
    /// Verifications that matched a code the guard let through, and those that matched nothing.
    public var verifications = 0
    public var unmatchedVerifications = 0
    /// Effective decisions (`allow`, `monitor`, `challenge`, `block`) and the policy's decisions.
    public var decisions: [String: Int] = [:]
    public var policyDecisions: [String: Int] = [:]
    /// How often each signal gave a reason.
    public var reasons: [String: Int] = [:]
    /// Policy decisions by destination country.
    public var countries: [String: [String: Int]] = [:]
    /// Policy decisions by hour, oldest first.
    public var hours: [Hour] = []
    /// Records held per state table, and records evicted to keep the bound.
    public var tables: [String: Int] = [:]
    public var evictions: [String: Int] = [:]

    /// One hour's policy decisions.
    public struct Hour: Sendable, Codable, Equatable {
        /// The hour's start, ISO 8601.
        public var start: String
        public var decisions: [String: Int]

        public init(start: String, decisions: [String: Int]) {
            self.start = start
            self.decisions = decisions
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case checks, verifications
        case unmatchedVerifications = "unmatched_verifications"
        case decisions
        case policyDecisions = "policy_decisions"
        case reasons, countries, hours, tables, evictions
    }
}
