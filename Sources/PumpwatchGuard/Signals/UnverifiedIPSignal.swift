/// Unverified codes per client address (`ip-unverified`).
///
/// Counted over the last day and the last hour with Authgear's thresholds: daily `max(daily_floor,
/// ratio × codes the address verified in the last day)`, hourly `max(hourly_floor, ratio × that /
/// 6)`, so a busy carrier NAT address whose users verify earns a larger allowance. Silent when the
/// request names no address.
public struct UnverifiedIPSignal: Signal {
    public var enabled = true
    public var dailyFloor: Double = 10
    public var hourlyFloor: Double = 5
    public var ratio: Double = 0.2
    public var score = 40

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let ip = f.ip else { return }
        let verifiedDay = ip.verified.perDay(at: f.now)
        let day = max(0, ip.sent.perDay(at: f.now) - verifiedDay)
        let hour = max(0, ip.sent.perHour(at: f.now) - ip.verified.perHour(at: f.now))
        let dayLimit = max(dailyFloor, ratio * verifiedDay)
        let hourLimit = max(hourlyFloor, ratio * verifiedDay / 6)
        if day >= dayLimit {
            r.add(Self.tier, "ip-unverified", "\(ReasonList.count(day)) codes sent for this address unverified in the last day", value: day, threshold: dayLimit, score: score)
        } else if hour >= hourLimit {
            r.add(Self.tier, "ip-unverified", "\(ReasonList.count(hour)) codes sent for this address unverified in the last hour", value: hour, threshold: hourLimit, score: score)
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "daily_floor", "hourly_floor", "ratio", "score"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("daily_floor") { dailyFloor = try v.double(in: 0...1e9) }
        if let v = m.optional("hourly_floor") { hourlyFloor = try v.double(in: 0...1e9) }
        if let v = m.optional("ratio") { ratio = try v.double(in: 0...100) }
        if let v = m.optional("score") { score = try v.int(in: -100...100) }
    }
}
