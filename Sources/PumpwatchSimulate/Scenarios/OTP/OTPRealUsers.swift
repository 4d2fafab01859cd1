/// The app's real users asking for sign-in codes.
///
/// A fixed population (from `CustomerDirectory`) whose flows arrive with the customers' daily
/// curve.
///
/// In a flow the user asks for a code and, most often, types it within a minute. Some wait and
/// ask again (30–150 s later, up to three codes), a few double-click (a second request within
/// seconds), some never type it, and a few ask for a voice call. Users sign in from home
/// (addresses households share now and then) or over a mobile carrier, whose NAT addresses many
/// users share (a few carrier addresses are very busy); some travel and ask from abroad.
struct OTPRealUsers {
    let directory: CustomerDirectory
    /// Flows per day at scale 1, before the daily curve.
    let flowsPerDay: Double

    static let label = "real-user"

    /// Carrier NAT ranges: each country's carriers get their own slice of these.
    static let carriers = AddressPool(["172.56.0.0/16", "174.192.0.0/16", "92.40.0.0/17", "31.94.0.0/17", "49.204.0.0/17", "177.12.0.0/17", "37.160.0.0/17"])

    /// A carrier NAT address for a subscriber in `country`: skewed so a few addresses carry many users.
    static func carrierAddress(_ country: Country, _ rng: inout SplitMix64) -> String {
        let slot = CountryCatalog.customerCountries.firstIndex { $0.0.iso == country.iso } ?? 0
        let u = rng.unit()
        return carriers.address(slot * 3000 + Int(u * u * u * 3000))
    }

    /// Emits the flows that start in the hour from `start`.
    func simulateHour(_ queue: inout OTPLineQueue, _ rng: inout SplitMix64, start: Int64, scale: Double) {
        let activity = ActivityCurve.customers(CivilTime(millis: start))
        for _ in 0..<rng.poisson(flowsPerDay / 24 * activity * scale) {
            flow(&queue, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
    }

    private func flow(_ queue: inout OTPLineQueue, _ rng: inout SplitMix64, at start: Int64) {
        let c = directory.random(&rng)
        let to = c.phone.e164
        let roll = rng.unit()
        let purpose = roll < 0.2 ? "signup" : roll < 0.85 ? "login" : "reset"
        let user: String? = purpose == "signup" ? nil : "u_" + c.userSub.prefix(12)
        let session = "s_" + rng.hex(20)
        let ip: String
        let place = rng.unit()
        if place < 0.55 {
            ip = c.ip
        } else if place < 0.97 {
            ip = OTPRealUsers.carrierAddress(c.phone.country, &rng)
        } else {
            ip = OTPRealUsers.carrierAddress(CountryCatalog.customerCountries[rng.below(CountryCatalog.customerCountries.count)].0, &rng)
        }
        let channel = rng.chance(0.03) ? "voice" : "sms"
        var t = start
        var id = "otp_" + rng.hex(16)
        queue.check(at: t, to: to, ip: ip, user: user, session: session, purpose: purpose, channel: channel, id: id, label: OTPRealUsers.label)
        if rng.chance(0.02) {
            // A double click.
            t += Int64(rng.int(in: 800...6000))
            id = "otp_" + rng.hex(16)
            queue.check(at: t, to: to, ip: ip, user: user, session: session, purpose: purpose, channel: channel, id: id, label: OTPRealUsers.label)
        }
        var sends = 1
        while true {
            let verifyChance = sends == 1 ? 0.86 : 0.7
            if rng.chance(verifyChance) {
                let delay = 6000 + Int64(rng.exponential(mean: 18_000))
                queue.verified(at: t + min(delay, 540_000), id: id, to: to, byNumber: rng.chance(0.2))
                return
            }
            guard sends < 3, rng.chance(sends == 1 ? 0.55 : 0.4) else { return }
            t += Int64(rng.int(in: 30_000...150_000))
            id = "otp_" + rng.hex(16)
            sends += 1
            queue.check(at: t, to: to, ip: ip, user: user, session: session, purpose: purpose, channel: sends == 3 && rng.chance(0.3) ? "voice" : channel, id: id, label: OTPRealUsers.label)
        }
    }
}
