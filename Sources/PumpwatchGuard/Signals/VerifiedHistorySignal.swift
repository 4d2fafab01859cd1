/// Trust earned by verifying.
///
/// The strongest evidence the guard has that a person is there (`verified-number`, `verified-user`,
/// `verified-ip`): a number that verified a code within `number_days`, a user who verified in the
/// last day, an address whose codes mostly verify. Its points are negative.
public struct VerifiedHistorySignal: Signal {
    public var enabled = true
    public var numberDays: UInt32 = 30
    public var numberScore = -40
    public var userScore = -20
    /// Verified codes per day (and at least half of those sent) that make an address trusted.
    public var addressVerified: Double = 2
    public var addressScore = -15

    static let tier = SignalTier.trust

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled else { return }
        if let n = f.number, n.lastVerified > 0, f.now >= n.lastVerified, UInt64(f.now - n.lastVerified) <= UInt64(numberDays) * 86_400 {
            let days = Double(f.now - n.lastVerified) / 86_400
            r.add(Self.tier, "verified-number", "this number verified a code \(ReasonList.text(days)) days ago", value: days, threshold: Double(numberDays), score: numberScore)
        }
        if let u = f.user {
            let v = u.verified.perDay(at: f.now)
            if v >= 1 { r.add(Self.tier, "verified-user", "this user verified \(ReasonList.count(v)) codes in the last day", value: v, threshold: 1, score: userScore) }
        }
        if let ip = f.ip {
            let v = ip.verified.perDay(at: f.now), s = ip.sent.perDay(at: f.now)
            if v >= addressVerified, v * 2 >= s {
                r.add(Self.tier, "verified-ip", "\(ReasonList.count(v)) of \(ReasonList.count(s)) codes sent for this address in the last day were verified", value: v, threshold: addressVerified, score: addressScore)
            }
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "number_days", "number_score", "user_score", "address_verified", "address_score"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("number_days") { numberDays = UInt32(try v.int(in: 1...400)) }
        if let v = m.optional("number_score") { numberScore = try v.int(in: -100...100) }
        if let v = m.optional("user_score") { userScore = try v.int(in: -100...100) }
        if let v = m.optional("address_verified") { addressVerified = try v.double(in: 1...1e6) }
        if let v = m.optional("address_score") { addressScore = try v.int(in: -100...100) }
    }
}
