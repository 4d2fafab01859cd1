/// Seed test 3: 60 parallel `POST /api/auth/send-otp` requests from `203.0.113.77` (curl) within
/// about 15 seconds, in Application Insights and the nginx access log. The API's limit of 10 a
/// minute per address lets the first 10 through (each texts a code to `+15550001234`) and answers
/// the rest with 429.
struct OTPEndpointBurstScenario: Scenario {
    let name = "otp-endpoint-burst"
    let summary = "Seed test 3: 60 send-otp requests in ~15 s from 203.0.113.77, 10 × 200 then 50 × 429 (10:40)"
    static let attackerIP = "203.0.113.77"
    static let requests = 60
    static let accepted = 10

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        for start in AttackSchedule.repetitionStarts(context, hour: 10, minute: 40) {
            context.advance(to: start)
            for i in 0..<OTPEndpointBurstScenario.requests {
                let t = start + Int64(i) * 245 + rng.int64(in: 0...40)
                ShopWebsite.sendOTP(
                    context, &rng, at: t, ip: OTPEndpointBurstScenario.attackerIP, userAgent: UserAgents.curl,
                    to: SimulatedOrganization.atomicTestNumber, status: i < OTPEndpointBurstScenario.accepted ? 200 : 429,
                    delivery: .atomicTest)
            }
        }
    }
}
