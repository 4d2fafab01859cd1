/// Pumping spread thin: from 00:30 to 23:30 on the attack day, 180 addresses (198.51.100.41 to
/// .220 at scale 1; more, into 192.0.2.0/24 and beyond, at larger scales) each make a request or two, never near a per-address limit, with ordinary
/// browser and app user agents, to mid-priced numbers in Indonesia, Pakistan, Vietnam and the
/// Philippines. Nothing bursts; what gives it away is that almost nobody completes what they
/// start, and the spend:
/// - 300 web `send-otp` (texted through Twilio; 2 % verified),
/// - 80 mobile sign-ins started in Twilio Verify (none approved; they expire),
/// - 120 Cognito `SignUp` (texted through SNS; 3 % confirmed), 40 % followed by `ResendConfirmationCode`.
struct LowAndSlowScenario: Scenario {
    let name = "low-and-slow"
    let summary = "300 send-otp, 80 Verify starts, 120 SignUps over 23 h from 180 IPs to +62/+92/+84/+63; conversion collapses, spend rises"
    /// The first address index in `AddressPool.attackers` (198.51.100.41).
    static let firstAddress = 40

    private enum Step: Int {
        case sendOTP, mobileSignIn, signUp
    }

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let addresses = context.scaled(180, minimum: 10)
        let start = AttackSchedule.time(context, hour: 0, minute: 30)
        let span = 23 * CivilTime.millisPerHour
        let steps = AttackSchedule.steps(AttackSchedule.spread(context.scaled(300, minimum: 1), from: start, over: span, &rng), kind: Step.sendOTP.rawValue)
            + AttackSchedule.steps(AttackSchedule.spread(context.scaled(80, minimum: 1), from: start + 200_000, over: span, &rng), kind: Step.mobileSignIn.rawValue)
            + AttackSchedule.steps(AttackSchedule.spread(context.scaled(120, minimum: 1), from: start + 400_000, over: span, &rng), kind: Step.signUp.rawValue)

        AttackSchedule.perform(context, steps) { t, kind in
            let ip = AddressPool.attackers.address(LowAndSlowScenario.firstAddress + rng.below(addresses))
            let number = rng.pick(CountryCatalog.lowAndSlow).randomNumber(&rng)
            switch Step(rawValue: kind)! {
            case .sendOTP:
                let agent = rng.pick(UserAgents.browsers)
                ShopWebsite.sendOTP(context, &rng, at: t, ip: ip, userAgent: agent, to: number, delivery: .pumped)
                if rng.chance(0.02) {
                    ShopWebsite.verifyOTP(context, &rng, at: t + Int64(rng.int(in: 20_000...60_000)), ip: ip, userAgent: agent, correct: true)
                }
            case .mobileSignIn:
                let agent = rng.chance(0.6) ? UserAgents.mobileApp : UserAgents.mobileAppAndroid
                ShopWebsite.request(context, &rng, at: t, ip: ip, userAgent: agent, method: "POST",
                                    path: ShopWebsite.mobileVerifyStartPath, status: 200, bytes: 64, durationMs: rng.double(in: 150...480))
                let v = TwilioVerify.start(context, &rng, at: t + 200, to: number)
                TwilioVerify.expire(context, &rng, v)
            case .signUp:
                let principal = AWSPrincipal.anonymous(ip: ip, userAgent: rng.pick(UserAgents.browsers))
                let sub = rng.uuid()
                CognitoUserPool.signUp(context, &rng, at: t, principal: principal, userSub: sub, outcome: .smsSent(number))
                if rng.chance(0.4) {
                    CognitoUserPool.resendConfirmationCode(context, &rng, at: t + Int64(rng.int(in: 180_000...480_000)), principal: principal, userSub: sub, outcome: .smsSent(number))
                }
                if rng.chance(0.03) {
                    CognitoUserPool.confirmSignUp(context, &rng, at: t + 600_000, principal: principal, userSub: sub)
                }
            }
        }
    }
}
