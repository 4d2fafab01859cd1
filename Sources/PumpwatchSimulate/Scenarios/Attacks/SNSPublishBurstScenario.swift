/// Seed test 1: 15 SNS `Publish` calls straight to `+15550001234` within 5 seconds, from the
/// leaked access key of the IAM user `ci-deploy` used with the AWS CLI from `203.0.113.45`
/// (the key normally only uploads releases from CI). The delivery logs carry the same message
/// ids, and the SMS metrics rise by 15 texts.
struct SNSPublishBurstScenario: Scenario {
    let name = "sns-publish-burst"
    let summary = "Seed test 1: 15 SNS Publish to +15550001234 within 5 s from ci-deploy's key at 203.0.113.45 (10:00 on the attack day)"
    static let attackerIP = "203.0.113.45"
    static let publishes = 15

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let caller = AWSPrincipal.iamUser("ci-deploy", ip: SNSPublishBurstScenario.attackerIP, userAgent: UserAgents.awsCLIPublish)
        for start in AttackSchedule.repetitionStarts(context, hour: 10) {
            context.advance(to: start)
            for i in 0..<SNSPublishBurstScenario.publishes {
                let t = start + Int64(i) * 300 + rng.int64(in: 0...80)
                SNSPhonePublisher.publish(context, &rng, at: t, principal: caller, to: SimulatedOrganization.atomicTestNumber)
            }
        }
    }
}
