/// A benign week: the notification server `NOTIFY-01` texting order updates through Twilio (and
/// resolving `api.twilio.com` every 15 minutes, the seed rule's known false positive), customers
/// browsing and signing in with passcodes they nearly always enter, mobile sign-ins approved in
/// Twilio Verify, Cognito password resets and sign-ups that are mostly confirmed, SNS texts and
/// topic publishes at a steady spend, and unrelated CloudTrail and Falcon activity.
struct BaselineScenario: Scenario {
    let name = "baseline"
    let summary = "A benign week: NOTIFY-01's steady Twilio traffic, confirmed logins, resets and sign-ups, steady SMS spend"

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let customers = CustomerDirectory(seed: context.options.seed, count: context.scaled(2000, minimum: 50))
        let web = BenignWebTraffic(customers: customers)
        let messaging = BenignMessaging(customers: customers)
        let aws = BenignAWSActivity(customers: customers)
        let hosts = BenignHostActivity()
        context.setOpeningMonthToDateSpend(openingSpend(context, aws))

        let hours = context.options.days * 24
        for h in 0..<hours {
            let start = context.windowStart + Int64(h) * CivilTime.millisPerHour
            let civil = CivilTime(millis: start)
            let activity = ActivityCurve.customers(civil)
            let working = ActivityCurve.isWorkingHour(civil)
            web.simulateHour(context, &rng, start: start, activity: activity)
            messaging.simulateHour(context, &rng, start: start, activity: activity)
            aws.simulateHour(context, &rng, start: start, activity: activity, working: working)
            hosts.simulateHour(context, &rng, start: start, activity: activity, working: working)
            // Everything begun in this hour has been emitted; what ends before the next hour can be written.
            context.advance(to: start + CivilTime.millisPerHour)
        }
    }

    /// The month's SNS spend before the window opens: the baseline's daily texts at average prices.
    private func openingSpend(_ context: SimulationContext, _ aws: BenignAWSActivity) -> Double {
        let start = CivilTime(millis: context.windowStart)
        let days = Double(context.windowStart - start.startOfMonthMillis) / Double(CivilTime.millisPerDay)
        let weights = CountryCatalog.customerCountries
        let averagePrice = weights.reduce(0) { $0 + $1.0.snsPrice * $1.1 } / weights.reduce(0) { $0 + $1.1 }
        let textsPerDay = aws.perDay.forgotPasswords * 0.7 + aws.perDay.signUps * 1.05 + aws.perDay.lambdaTexts
        return days * textsPerDay * averagePrice * context.options.scale
    }
}
