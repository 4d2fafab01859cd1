/// What a policy would have done to recorded traffic: the figures `guard replay` prints.
///
/// Counts are of the policy's decisions (in monitor mode the effective decision is always
/// `allow`; `effective` says so). A send is legitimate when its number verified a code within the
/// verification window after it. Money comes from the policy's price table.
public struct ReplaySummary: Sendable, Codable, Equatable {
    public var mode: GuardMode
    /// The first and last event, ISO 8601.
    public var start: String?
    public var end: String?
    public var requests = 0
    public var verifications = 0
    /// Verifications the guard matched to a code it let through.
    public var verificationsMatched = 0
    /// The policy's decisions, and the effective ones.
    public var decisions: [String: Int] = [:]
    public var effective: [String: Int] = [:]
    public var currency: String
    public var spend = Spend()
    public var legitimate = Share()
    /// Sends never verified within the window, and how many the policy stopped.
    public var unverified = Share()
    /// Figures per ground-truth label, when the input has labels.
    public var labels: [String: Share] = [:]
    /// All sends whose label starts with `campaign` (known pumping), when there are any.
    public var pumping: Share?
    /// The signals most often behind a `challenge` or `block`, most frequent first.
    public var topReasons: [ReasonCount] = []

    /// Money by decision.
    public struct Spend: Sendable, Codable, Equatable {
        /// What every request would have cost if sent.
        public var total: Double = 0
        public var blocked: Double = 0
        public var challenged: Double = 0
        /// What the policy would have kept from being sent.
        ///
        /// Blocked spend plus challenged spend that was never verified.
        public var saved: Double = 0
    }

    /// Sends of one kind and what the policy did with them.
    public struct Share: Sendable, Codable, Equatable {
        public var sends = 0
        public var blocked = 0
        public var challenged = 0
        public var monitored = 0
        public var spend: Double = 0
        /// The spend of the sends blocked or challenged.
        public var spendStopped: Double = 0

        /// Blocked per send.
        public var blockedRate: Double { sends == 0 ? 0 : Double(blocked) / Double(sends) }
        /// Blocked or challenged per send.
        public var stoppedRate: Double { sends == 0 ? 0 : Double(blocked + challenged) / Double(sends) }
        /// Spend blocked or challenged per spend.
        public var spendStoppedRate: Double { spend == 0 ? 0 : spendStopped / spend }

        mutating func add(_ verdict: Verdict, price: Double) {
            sends += 1
            spend += price
            switch verdict {
            case .block: blocked += 1; spendStopped += price
            case .challenge: challenged += 1; spendStopped += price
            case .monitor: monitored += 1
            case .allow: break
            }
        }

        enum CodingKeys: String, CodingKey {
            case sends, blocked, challenged, monitored, spend
            case spendStopped = "spend_stopped"
            case blockedRate = "blocked_rate"
            case stoppedRate = "stopped_rate"
            case spendStoppedRate = "spend_stopped_rate"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sends = try c.decode(Int.self, forKey: .sends)
            blocked = try c.decode(Int.self, forKey: .blocked)
            challenged = try c.decode(Int.self, forKey: .challenged)
            monitored = try c.decode(Int.self, forKey: .monitored)
            spend = try c.decode(Double.self, forKey: .spend)
            spendStopped = try c.decode(Double.self, forKey: .spendStopped)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sends, forKey: .sends)
            try c.encode(blocked, forKey: .blocked)
            try c.encode(challenged, forKey: .challenged)
            try c.encode(monitored, forKey: .monitored)
            try c.encode(ReplaySummary.money(spend), forKey: .spend)
            try c.encode(ReplaySummary.money(spendStopped), forKey: .spendStopped)
            try c.encode(ReplaySummary.ratio(blockedRate), forKey: .blockedRate)
            try c.encode(ReplaySummary.ratio(stoppedRate), forKey: .stoppedRate)
            try c.encode(ReplaySummary.ratio(spendStoppedRate), forKey: .spendStoppedRate)
        }
    }

    /// A signal and how many challenged or blocked sends it spoke for.
    public struct ReasonCount: Sendable, Codable, Equatable {
        public var signal: String
        public var count: Int
    }

    public init(mode: GuardMode, currency: String) {
        self.mode = mode
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case mode, start, end, requests, verifications
        case verificationsMatched = "verifications_matched"
        case decisions, effective, currency, spend, legitimate, unverified, labels, pumping
        case topReasons = "top_reasons"
    }

    static func money(_ v: Double) -> Double { (v * 100).rounded() / 100 }
    static func ratio(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}
