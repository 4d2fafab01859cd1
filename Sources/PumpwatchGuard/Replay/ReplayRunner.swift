import PumpwatchCore
import PumpwatchDetect

/// Runs recorded traffic through a `Guard` in event-time order.
///
/// This is what `guard replay` does: each check request is decided with the state built by
/// everything before it, each verification is passed on, and the figures are gathered into a
/// `ReplaySummary`.
public struct ReplayRunner: Sendable {
    public let policy: GuardPolicy
    public let baseline: GuardBaseline?
    /// The guard's key seed, fixed so that replays are repeatable.
    public var seed: UInt64 = 0x5EED_0F_6A4D

    public init(policy: GuardPolicy, baseline: GuardBaseline? = nil) {
        self.policy = policy
        self.baseline = baseline
    }

    /// One decided request, for `--format ndjson`.
    public struct Outcome: Sendable {
        public let record: ReplayRecord
        public let request: CheckRequest
        public let decision: Decision
        public let price: Double
        /// Whether the number verified within the window after the send.
        public let legitimate: Bool
    }

    /// Replays `records` (already in time order, as `ReplayInput` gives them), calling `onDecision` for each check.
    public func run(_ records: [ReplayRecord], onDecision: (Outcome) -> Void = { _ in }) -> ReplaySummary {
        let g = Guard(policy: policy, baseline: baseline, seed: seed)
        let index = VerificationIndex(records, window: Int64(policy.verificationWindow) * 1000)
        var summary = ReplaySummary(mode: policy.mode, currency: policy.prices.currency)
        var reasonCounts: [String: Int] = [:]
        var policyCounts = [Int](repeating: 0, count: 4)
        var effectiveCounts = [Int](repeating: 0, count: 4)
        if let first = records.first { summary.start = Timestamp.iso8601(millis: first.time) }
        if let last = records.last { summary.end = Timestamp.iso8601(millis: last.time) }
        for r in records {
            switch r.kind {
            case .verified(let id, let to):
                summary.verifications += 1
                var result = VerificationResult(matched: false)
                if let id { result = g.verified(id: id, at: r.time) }
                if !result.matched, let to { result = g.verified(to: to, at: r.time) }
                if result.matched, !result.repeated { summary.verificationsMatched += 1 }
            case .check(let request):
                summary.requests += 1
                let decision = g.check(request, at: r.time)
                let destination = DestinationNumber(request.to)
                let price = destination.map { policy.prices.price(of: $0) } ?? 0
                let legitimate = destination.map { index.isVerified(number: $0.number.value, sentAt: r.time) } ?? false
                let verdict = decision.policyDecision
                policyCounts[verdict.rank] += 1
                effectiveCounts[decision.decision.rank] += 1
                summary.spend.total += price
                switch verdict {
                case .block:
                    summary.spend.blocked += price
                    summary.spend.saved += price
                case .challenge:
                    summary.spend.challenged += price
                    if !legitimate { summary.spend.saved += price }
                default: break
                }
                if legitimate { summary.legitimate.add(verdict, price: price) } else { summary.unverified.add(verdict, price: price) }
                if let label = r.label {
                    summary.labels[label, default: ReplaySummary.Share()].add(verdict, price: price)
                    if label.hasPrefix("campaign") {
                        var p = summary.pumping ?? ReplaySummary.Share()
                        p.add(verdict, price: price)
                        summary.pumping = p
                    }
                }
                if verdict.stopsSend {
                    for reason in decision.reasons where reason.score > 0 { reasonCounts[reason.signal, default: 0] += 1 }
                }
                onDecision(Outcome(record: r, request: request, decision: decision, price: price, legitimate: legitimate))
            }
        }
        summary.decisions = StatsCounter.named(policyCounts)
        summary.effective = StatsCounter.named(effectiveCounts)
        summary.topReasons = reasonCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(10).map { ReplaySummary.ReasonCount(signal: $0.key, count: $0.value) }
        summary.spend.total = ReplaySummary.money(summary.spend.total)
        summary.spend.blocked = ReplaySummary.money(summary.spend.blocked)
        summary.spend.challenged = ReplaySummary.money(summary.spend.challenged)
        summary.spend.saved = ReplaySummary.money(summary.spend.saved)
        return summary
    }
}
