/// Seed test 4: 5 outbound-api messages to `+15550005678` within 3 seconds straight through
/// Twilio's REST API (so no AWS or Azure trace), listed in Messages.json as delivered or sent and
/// reported by Event Streams.
struct TwilioAPIBurstScenario: Scenario {
    let name = "twilio-api-burst"
    let summary = "Seed test 4: 5 outbound-api Twilio messages to +15550005678 within 3 s, delivered/sent (11:00)"
    static let messages = 5

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        for start in AttackSchedule.repetitionStarts(context, hour: 11) {
            context.advance(to: start)
            for i in 0..<TwilioAPIBurstScenario.messages {
                TwilioMessaging.send(
                    context, &rng, at: start + Int64(i) * 600 + rng.int64(in: 0...100),
                    from: SimulatedOrganization.atomicTwilioSender, to: SimulatedOrganization.atomicTwilioTestNumber,
                    body: "Atomic Red Team T1496.003 test message \(i + 1) of \(TwilioAPIBurstScenario.messages)",
                    messagingService: nil, status: i == TwilioAPIBurstScenario.messages - 1 ? "sent" : "delivered")
            }
        }
    }
}
