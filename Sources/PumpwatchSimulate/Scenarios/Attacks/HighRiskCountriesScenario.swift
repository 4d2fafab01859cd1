/// Pumping to premium-rate and high-fraud destinations (+232 Sierra Leone, +881 and +882
/// satellite and international networks, +371 Latvia, +998 Uzbekistan, +234 Nigeria, +880
/// Bangladesh) from 15:00 to 19:00, doubling every hour and shifting towards the dearest ranges,
/// so both the spend and the cost per message climb:
/// - web `send-otp` from `203.0.113.100`–`.111` with browser user agents, texted through Twilio,
///   never verified (15, 30, 60, 120 an hour at scale 1);
/// - Cognito `SignUp` with such numbers from the same addresses, texted through SNS, never
///   confirmed (4, 8, 12, 16 an hour).
struct HighRiskCountriesScenario: Scenario {
    let name = "high-risk-countries"
    let summary = "OTP requests and Cognito sign-ups to +232/+881/+882/+371/+998/+234/+880, doubling hourly 15:00–19:00 from 203.0.113.100–111"
    static let callerIPs = (100...111).map { "203.0.113.\($0)" }
    /// Per hour, the weights of `CountryCatalog.highRisk` (SL, +881, +882, LV, UZ, NG, BD).
    static let hourlyMix: [[Double]] = [
        [2, 0.5, 0.5, 3, 3, 4, 4],
        [3, 1, 1, 2.5, 3, 3, 3],
        [4, 2.5, 2.5, 2, 2.5, 2, 2],
        [4, 5, 5, 1.5, 2, 1.5, 1.5],
    ]

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let countries = CountryCatalog.highRisk
        let first = AttackSchedule.time(context, hour: 15)
        var steps: [(time: Int64, kind: Int)] = []
        for hour in HighRiskCountriesScenario.hourlyMix.indices {
            let start = first + Int64(hour) * CivilTime.millisPerHour
            let requests = context.scaled(15 * Double(1 << hour), minimum: 1)
            steps += AttackSchedule.steps(AttackSchedule.spread(requests, from: start, over: CivilTime.millisPerHour, &rng), kind: 0)
            let signUps = context.scaled(4 * Double(hour + 1), minimum: 1)
            steps += AttackSchedule.steps(AttackSchedule.spread(signUps, from: start + 90_000, over: CivilTime.millisPerHour - 120_000, &rng), kind: 1)
        }
        AttackSchedule.perform(context, steps) { t, kind in
            let mix = HighRiskCountriesScenario.hourlyMix[min(3, Int((t - first) / CivilTime.millisPerHour))]
            let number = countries[rng.weightedIndex(mix)].randomNumber(&rng)
            let ip = rng.pick(HighRiskCountriesScenario.callerIPs)
            let agent = rng.pick(UserAgents.browsers)
            if kind == 0 {
                ShopWebsite.sendOTP(context, &rng, at: t, ip: ip, userAgent: agent, to: number, delivery: .pumped)
            } else {
                CognitoUserPool.signUp(context, &rng, at: t, principal: .anonymous(ip: ip, userAgent: agent), userSub: rng.uuid(), outcome: .smsSent(number))
            }
        }
    }
}
