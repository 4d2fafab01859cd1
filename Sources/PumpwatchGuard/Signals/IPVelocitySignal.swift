/// Velocity per client address (`ip-hourly`, `ip-daily`).
///
/// Requests from one IPv4 address or IPv6 /64 per hour and per day (`ip-hourly`, `ip-daily`).
/// Silent when the request names no address.
public struct IPVelocitySignal: Signal {
    public var enabled = true
    public var hourly: Limit? = Limit(20, score: 30)
    public var daily: Limit? = Limit(60, score: 30)

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let ip = f.ip else { return }
        let hour = ip.attempts.perHour(at: f.now)
        r.check(Self.tier, "ip-hourly", value: hour, hourly, "\(ReasonList.count(hour)) requests from this address in the last hour")
        let day = ip.attempts.perDay(at: f.now)
        r.check(Self.tier, "ip-daily", value: day, daily, "\(ReasonList.count(day)) requests from this address in the last day")
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "hourly", "daily"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        hourly = try readLimit(m, "hourly", hourly)
        daily = try readLimit(m, "daily", daily)
    }
}
