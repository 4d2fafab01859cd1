/// The reasons found for one check and the points per tier.
struct ReasonList {
    private(set) var reasons: [Reason] = []
    private(set) var destination = 0
    private(set) var entity = 0
    private(set) var aggregate = 0
    private(set) var trust = 0

    init() {}

    mutating func add(_ tier: SignalTier, _ signal: String, _ detail: @autoclosure () -> String, value: Double, threshold: Double?, score: Int) {
        reasons.append(Reason(signal: signal, detail: detail(), value: ReasonList.rounded(value), threshold: threshold.map(ReasonList.rounded), score: score))
        switch tier {
        case .destination: destination += score
        case .entity: entity += score
        case .aggregate: aggregate += score
        case .trust: trust += score
        }
    }

    /// Adds `limit`'s reason when `value` reaches it.
    mutating func check(_ tier: SignalTier, _ signal: String, value: Double, _ limit: Limit?, _ detail: @autoclosure () -> String) {
        guard let limit, value >= limit.limit else { return }
        add(tier, signal, detail(), value: value, threshold: limit.limit, score: limit.score)
    }

    /// The risk score: all points, with aggregate points capped at `aggregateCap`, within 0–100.
    func score(aggregateCap: Int) -> Int {
        max(0, min(100, destination + entity + min(aggregate, aggregateCap) + trust))
    }

    var isEmpty: Bool { reasons.isEmpty }

    /// A count or rate as reasons show it: whole numbers whole, others to two decimals.
    static func rounded(_ v: Double) -> Double {
        v.isFinite ? (v * 100).rounded() / 100 : 0
    }

    /// A share as a whole percentage (`0.183` reads `18`).
    static func percent(_ v: Double) -> Int {
        v.isFinite ? Int((min(1, max(0, v)) * 100).rounded()) : 0
    }

    /// A count for a detail sentence, rounded (sliding windows estimate counts: `1093.55` reads `1094`).
    static func count(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return text(v) }
        return String(Int64(v.rounded()))
    }

    /// A number for a detail sentence (`6`, `0.25`).
    static func text(_ v: Double) -> String {
        let r = rounded(v)
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return String(r)
    }
}
