/// Seed test 2: 20 Cognito `ForgotPassword` calls for one user within 10 seconds from
/// `198.51.100.23` (AWS CLI). The first 5 text a code to the user's number (through SNS);
/// Cognito throttles the rest with `LimitExceededException`, and a few with `TooManyRequestsException`.
struct CognitoForgotPasswordFloodScenario: Scenario {
    let name = "cognito-forgot-password-flood"
    let summary = "Seed test 2: 20 ForgotPassword for one user in ~10 s from 198.51.100.23, throttled after 5 (10:20)"
    static let attackerIP = "198.51.100.23"
    static let requests = 20
    static let delivered = 5

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let caller = AWSPrincipal.anonymous(ip: CognitoForgotPasswordFloodScenario.attackerIP, userAgent: UserAgents.awsCLIForgotPassword)
        let sub = StableIdentifier.uuid(label: "cognito-user:atomic-test-user")
        for start in AttackSchedule.repetitionStarts(context, hour: 10, minute: 20) {
            context.advance(to: start)
            for i in 0..<CognitoForgotPasswordFloodScenario.requests {
                let t = start + Int64(i) * 480 + rng.int64(in: 0...120)
                let outcome: CognitoUserPool.Outcome
                if i < CognitoForgotPasswordFloodScenario.delivered {
                    outcome = .smsSent(SimulatedOrganization.atomicTestNumber)
                } else {
                    outcome = .throttled(i % 4 == 2 ? "TooManyRequestsException" : "LimitExceededException")
                }
                CognitoUserPool.forgotPassword(context, &rng, at: t, principal: caller, userSub: sub, outcome: outcome)
            }
        }
    }
}
