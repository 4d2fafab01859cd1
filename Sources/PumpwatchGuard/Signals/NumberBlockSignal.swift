/// Adjacent and sequential numbers (`number-block`).
///
/// Requests to numbers that share all but their last 2–4 digits within a window, from any mix of
/// addresses, since a pumping campaign rotates its addresses but not its number block
/// (`number-block`).
///
/// Each configured width keeps the block's requested positions in a 128-bit set: exactly for two
/// free digits (positions 0–99); for three or four, positions modulo 128 counted as a
/// linear-counting sketch, in which consecutive numbers never collide.
/// A block whose numbers mostly verify (a company's consecutive phones) does not count.
public struct NumberBlockSignal: Signal {
    public var enabled = true
    /// The window, seconds; counts cover one to two windows.
    public var window: UInt32 = 3600
    /// Per width of the free trailing digits (2–4): the distinct numbers that trip it.
    public var widths: [Width] = [Width(trailingDigits: 2, limit: Limit(4, score: 45)), Width(trailingDigits: 3, limit: Limit(8, score: 35))]

    /// One block width and its threshold.
    public struct Width: Sendable, Equatable {
        public var trailingDigits: Int
        public var limit: Limit

        public init(trailingDigits: Int, limit: Limit) {
            self.trailingDigits = trailingDigits
            self.limit = limit
        }
    }

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled else { return }
        for b in f.blocks where b.distinct >= b.limit.limit {
            r.add(Self.tier, "number-block", "\(ReasonList.count(b.distinct)) numbers in block \(b.block) requested within \(window / 60) to \(window / 30) minutes",
                  value: b.distinct, threshold: b.limit.limit, score: b.limit.score)
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "window", "widths"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("window") { window = try v.seconds() }
        if let v = m.optional("widths") {
            var list: [Width] = []
            for item in try v.list() {
                let w = try item.mapping(allowed: ["trailing_digits", "numbers", "score"])
                let digits = try w.required("trailing_digits").int(in: 2...4)
                let numbers = try w.required("numbers").double(in: 2...10_000)
                let score = try w.optional("score")?.int(in: -100...100) ?? 40
                if list.contains(where: { $0.trailingDigits == digits }) { throw item.error("trailing_digits \(digits) is listed twice") }
                list.append(Width(trailingDigits: digits, limit: Limit(numbers, score: score)))
            }
            widths = list
        }
    }
}
