/// Velocity per destination number.
///
/// A cooldown between two codes, hourly and daily caps, and codes piling up without a verification
/// (`number-cooldown`, `number-hourly`, `number-daily`, `number-unverified`).
///
/// Counts include blocked requests: a script hammering one number keeps tripping the caps.
public struct NumberVelocitySignal: Signal {
    public var enabled = true
    /// The least time between two codes to the same number, seconds, and its score.
    public var cooldown: UInt32 = 30
    public var cooldownScore = 30
    public var hourly: Limit? = Limit(6, score: 40)
    public var daily: Limit? = Limit(12, score: 50)
    /// Codes sent to the number since it last verified (this one included).
    public var unverified: Limit? = Limit(4, score: 25)

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let n = f.number else { return }
        if cooldown > 0, f.previousAttempt > 0, f.now >= f.previousAttempt {
            let gap = f.now - f.previousAttempt
            if gap < cooldown {
                r.add(Self.tier, "number-cooldown", "another code to this number \(gap)s after the last, within the \(cooldown)s cooldown",
                      value: Double(gap), threshold: Double(cooldown), score: cooldownScore)
            }
        }
        let hour = n.attempts.perHour(at: f.now)
        r.check(Self.tier, "number-hourly", value: hour, hourly, "\(ReasonList.count(hour)) requests to this number in the last hour")
        let day = n.attempts.perDay(at: f.now)
        r.check(Self.tier, "number-daily", value: day, daily, "\(ReasonList.count(day)) requests to this number in the last day")
        let pending = Double(n.unverifiedSends) + 1
        r.check(Self.tier, "number-unverified", value: pending, unverified, "\(ReasonList.count(pending)) codes to this number since it last verified one")
    }

    static let yamlKeys = ["enabled", "cooldown", "cooldown_score", "hourly", "daily", "unverified"]

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: Self.yamlKeys)
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("cooldown") {
            if case .scalar = v.node, (try? v.int()) == 0 { cooldown = 0 } else { cooldown = try v.seconds() }
        }
        if let v = m.optional("cooldown_score") { cooldownScore = try v.int(in: -100...100) }
        hourly = try readLimit(m, "hourly", hourly)
        daily = try readLimit(m, "daily", daily)
        unverified = try readLimit(m, "unverified", unverified)
    }
}

/// Reads the optional limit `key` of `m`.
///
/// Absent keeps `current`, `off` turns it off, a number or `{limit, score}` sets it (the score
/// defaulting to the current one).
func readLimit(_ m: PolicyMapping, _ key: String, _ current: Limit?) throws(PolicyError) -> Limit? {
    guard let v = m.optional(key) else { return current }
    if case .scalar(let s) = v.node, s.string == "off" { return nil }
    return try v.limit(defaultScore: current?.score ?? 30)
}
