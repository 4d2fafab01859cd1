/// Pumping a block of consecutive numbers, through two channels:
/// - SNS: the leaked access key of IAM user `svc-reporting` publishes (boto3, from `203.0.113.10`
///   and `.11`) to `+8821654321200` … `+8821654321299` in order, one every 15 seconds from 13:00.
/// - Twilio: a script posts `send-otp` (from `203.0.113.20`–`.22`) for `+23276123400` …
///   `+23276123499` in order, one every 24 seconds from 14:00; every code is texted and none is
///   ever entered.
/// Each further unit of scale adds a block to each channel (`…213xx`, `…1235xx`).
struct SequentialBlockScenario: Scenario {
    let name = "sequential-block"
    let summary = "Consecutive blocks +88216543212xx (SNS, svc-reporting key, 13:00) and +232761234xx (web OTP via Twilio, 14:00), no verifications"
    static let snsCallerIPs = ["203.0.113.10", "203.0.113.11"]
    static let webCallerIPs = ["203.0.113.20", "203.0.113.21", "203.0.113.22"]

    /// The SNS block `b`: national numbers `16543` + (212 + b) + two digits (Thuraya, +882 16).
    static func snsNumber(block: Int, _ last: Int) -> PhoneNumber {
        CountryCatalog.internationalNetworks.number(national: "16543\(CivilTime.pad(Int64(212 + block), 3))\(CivilTime.pad(Int64(last), 2))")
    }

    /// The Twilio block `b`: Sierra Leone numbers `76` + (1234 + b) + two digits.
    static func twilioNumber(block: Int, _ last: Int) -> PhoneNumber {
        CountryCatalog.sierraLeone.number(national: "76\(CivilTime.pad(Int64(1234 + block), 4))\(CivilTime.pad(Int64(last), 2))", mnc: "01")
    }

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let blocks = context.scaled(1, minimum: 1)
        let principals = SequentialBlockScenario.snsCallerIPs.map { AWSPrincipal.iamUser("svc-reporting", ip: $0, userAgent: UserAgents.boto3) }
        // SNS blocks share 13:00–23:00; Twilio blocks 14:00–23:30.
        let snsSlot = min(25 * CivilTime.millisPerMinute, 10 * CivilTime.millisPerHour / Int64(blocks))
        let webSlot = min(40 * CivilTime.millisPerMinute, 9 * CivilTime.millisPerHour / Int64(blocks))
        // A step's tag packs the block, the channel (0 SNS, 1 Twilio) and the number's last two digits.
        var steps: [(time: Int64, kind: Int)] = []
        for b in 0..<blocks {
            let snsStart = AttackSchedule.time(context, hour: 13) + Int64(b) * snsSlot
            let webStart = AttackSchedule.time(context, hour: 14) + Int64(b) * webSlot
            for (i, t) in AttackSchedule.spread(100, from: snsStart, over: snsSlot, &rng).enumerated() {
                steps.append((t, (b * 2) * 100 + i))
            }
            for (i, t) in AttackSchedule.spread(100, from: webStart, over: webSlot, &rng).enumerated() {
                steps.append((t, (b * 2 + 1) * 100 + i))
            }
        }
        AttackSchedule.perform(context, steps) { t, tag in
            let i = tag % 100
            let block = tag / 200
            if (tag / 100) % 2 == 0 {
                SNSPhonePublisher.publish(
                    context, &rng, at: t, principal: principals[i % principals.count],
                    to: SequentialBlockScenario.snsNumber(block: block, i), succeeds: rng.chance(0.96))
            } else {
                ShopWebsite.sendOTP(
                    context, &rng, at: t, ip: SequentialBlockScenario.webCallerIPs[i % SequentialBlockScenario.webCallerIPs.count],
                    userAgent: UserAgents.pythonRequests, to: SequentialBlockScenario.twilioNumber(block: block, i), delivery: .pumped)
            }
        }
    }
}
