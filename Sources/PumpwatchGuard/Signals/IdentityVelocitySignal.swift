/// Velocity per user and per session.
///
/// Requests per hour and per day, and distinct numbers asked for in the last 12–24 hours, since one
/// account or one browser session asking codes for many numbers is how pumping scripts drive a
/// sign-up form (`user-hourly`, `user-daily`, `user-numbers`, `session-hourly`, `session-daily`,
/// `session-numbers`).
public struct IdentityVelocitySignal: Signal {
    public var enabled = true
    public var userHourly: Limit? = Limit(8, score: 30)
    public var userDaily: Limit? = Limit(20, score: 30)
    public var userNumbers: Limit? = Limit(4, score: 40)
    public var sessionHourly: Limit? = Limit(6, score: 30)
    public var sessionDaily: Limit? = Limit(12, score: 30)
    public var sessionNumbers: Limit? = Limit(3, score: 40)

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled else { return }
        if let u = f.user {
            let hour = u.attempts.perHour(at: f.now), day = u.attempts.perDay(at: f.now)
            r.check(Self.tier, "user-hourly", value: hour, userHourly, "\(ReasonList.count(hour)) requests by this user in the last hour")
            r.check(Self.tier, "user-daily", value: day, userDaily, "\(ReasonList.count(day)) requests by this user in the last day")
            let numbers = u.numbers.estimate(at: f.now, width: IdentityRecord.spreadWindow).rounded()
            r.check(Self.tier, "user-numbers", value: numbers, userNumbers, "this user asked for codes to about \(ReasonList.count(numbers)) numbers in the last 12–24 hours")
        }
        if let s = f.session {
            let hour = s.attempts.perHour(at: f.now), day = s.attempts.perDay(at: f.now)
            r.check(Self.tier, "session-hourly", value: hour, sessionHourly, "\(ReasonList.count(hour)) requests in this session in the last hour")
            r.check(Self.tier, "session-daily", value: day, sessionDaily, "\(ReasonList.count(day)) requests in this session in the last day")
            let numbers = s.numbers.estimate(at: f.now, width: IdentityRecord.spreadWindow).rounded()
            r.check(Self.tier, "session-numbers", value: numbers, sessionNumbers, "this session asked for codes to about \(ReasonList.count(numbers)) numbers in the last 12–24 hours")
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "user_hourly", "user_daily", "user_numbers", "session_hourly", "session_daily", "session_numbers"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        userHourly = try readLimit(m, "user_hourly", userHourly)
        userDaily = try readLimit(m, "user_daily", userDaily)
        userNumbers = try readLimit(m, "user_numbers", userNumbers)
        sessionHourly = try readLimit(m, "session_hourly", sessionHourly)
        sessionDaily = try readLimit(m, "session_daily", sessionDaily)
        sessionNumbers = try readLimit(m, "session_numbers", sessionNumbers)
    }
}
