import PumpwatchCore

/// App OTP traffic in the format `pumpwatch guard replay` reads.
///
/// A week of check requests and verifications from real users with the four campaigns of
/// `OTPCampaigns` among them (`otp/requests.ndjson`), and the week before it with real users only
/// (`otp-history/requests.ndjson`), to build a baseline from. Request lines carry a ground-truth
/// `label` (`real-user`, `campaign:…`) that the guard ignores and the replay reports by.
struct OTPTrafficScenario: Scenario {
    let name = "otp-traffic"
    let summary = "A week of app OTP check requests and verifications (real users; sequential, low-rate premium, single-IP and verifying campaigns) plus the week before, as replay NDJSON"

    static let liveKey = "otp/requests.ndjson"
    static let historyKey = "otp-history/requests.ndjson"

    func write(to context: SimulationContext) {
        let scale = context.options.scale
        let users = OTPRealUsers(
            directory: CustomerDirectory(seed: SplitMix64.mix(context.options.seed ^ 0x07_9A_11C), count: max(200, Int((12_000 * scale).rounded()))),
            flowsPerDay: 2400)
        let week = Int64(context.options.days) * CivilTime.millisPerDay
        var historyRNG = context.random(for: "otp-traffic.history")
        write(context, key: OTPTrafficScenario.historyKey, from: context.windowStart - week, to: context.windowStart) { queue, start in
            users.simulateHour(&queue, &historyRNG, start: start, scale: scale)
        }
        var liveRNG = context.random(for: "otp-traffic.users")
        var campaignRNG = context.random(for: "otp-traffic.campaigns")
        var campaigns = OTPCampaigns(windowStart: context.windowStart, scale: scale, &campaignRNG)
        write(context, key: OTPTrafficScenario.liveKey, from: context.windowStart, to: context.windowEnd) { queue, start in
            users.simulateHour(&queue, &liveRNG, start: start, scale: scale)
            campaigns.emit(&queue, &campaignRNG, before: start + CivilTime.millisPerHour)
        }
    }

    /// Runs `hour` for each hour of `[from, to)` and writes the lines in time order to `key`.
    ///
    /// Lines go through the context's line store in one time-ordered run, so a write failure is
    /// reported when the simulation finishes, as for every other file.
    private func write(_ context: SimulationContext, key: String, from: Int64, to: Int64, hour: (inout OTPLineQueue, Int64) -> Void) {
        var queue = OTPLineQueue()
        var start = from
        while start < to {
            while let (t, line) = queue.pop(before: start) { context.store.append(line, at: t, to: key) }
            hour(&queue, start)
            start += CivilTime.millisPerHour
        }
        while let (t, line) = queue.pop(before: .max) { context.store.append(line, at: t, to: key) }
        guard context.store.count(of: key) > 0 else { return }
        if (try? context.store.writeMergedLines(of: key, to: context.catalog.absolute(key))) != nil {
            context.catalog.record(key, format: .ndjson, records: context.store.count(of: key))
        }
    }
}
