/// The pumping campaigns against the app's OTP endpoint.
///
/// Each is a schedule of requests that the week's hour loop emits as their hour comes:
/// - `sequential-block`: day 3, 13:00–19:00, a script walks consecutive Sierra Leone numbers
///   (+232 76 5100 00 …, 100 per block, 6 blocks) from 40 rotating proxy addresses; nothing is
///   ever verified;
/// - `premium-low-rate`: days 2–7, about five an hour, random Indonesian mobiles (an expensive
///   destination the app has no users in) through residential proxies, each address used once
///   or twice; nothing verified;
/// - `single-ip-burst`: day 5 at 02:10, 1,200 requests in 15 minutes from one address to random
///   mobiles in the United Kingdom, Germany, Uzbekistan and Latvia;
/// - `verifying-share`: day 6 from 08:00 for 40 hours, about 50 an hour to random Indian
///   mobiles (a country with real users) through residential proxies, verifying one code in ten
///   to look human.
///
/// Each unit of scale multiplies the volume.
struct OTPCampaigns {
    struct Planned {
        let time: Int64
        let kind: Int
        let index: Int
    }

    static let sequentialBlock = 0
    static let premiumLowRate = 1
    static let singleIPBurst = 2
    static let verifyingShare = 3
    static let labels = ["campaign:sequential-block", "campaign:premium-low-rate", "campaign:single-ip-burst", "campaign:verifying-share"]

    /// Residential proxy exits: Indonesian and Indian consumer ranges.
    static let indonesianProxies = AddressPool(["180.241.0.0/16", "36.68.0.0/16", "110.136.0.0/16", "125.160.0.0/16", "114.124.0.0/16"])
    static let indianProxies = AddressPool(["106.200.0.0/16", "117.96.0.0/16", "157.32.0.0/16", "223.176.0.0/16"])
    static let burstAddress = "45.134.22.77"
    static let burstCountries = [CountryCatalog.unitedKingdom, CountryCatalog.germany, CountryCatalog.uzbekistan, CountryCatalog.latvia]

    private(set) var plan: [Planned] = []
    private var next = 0

    init(windowStart: Int64, scale: Double, _ rng: inout SplitMix64) {
        let day = CivilTime.millisPerDay, hour = CivilTime.millisPerHour
        func spread(_ count: Int, from start: Int64, over span: Int64, kind: Int) {
            let gap = span / Int64(max(1, count))
            for i in 0..<count {
                plan.append(Planned(time: start + Int64(i) * gap + (gap >= 5 ? rng.int64(in: 0...(gap / 5)) : 0), kind: kind, index: i))
            }
        }
        spread(max(100, Int((600 * scale).rounded())), from: windowStart + 2 * day + 13 * hour, over: 6 * hour, kind: OTPCampaigns.sequentialBlock)
        var t = windowStart + day
        var i = 0
        while t < windowStart + 7 * day {
            t += Int64(rng.exponential(mean: Double(hour) / (5 * scale)))
            plan.append(Planned(time: t, kind: OTPCampaigns.premiumLowRate, index: i))
            i += 1
        }
        spread(max(50, Int((1200 * scale).rounded())), from: windowStart + 4 * day + 2 * hour + 10 * CivilTime.millisPerMinute, over: 15 * CivilTime.millisPerMinute, kind: OTPCampaigns.singleIPBurst)
        spread(max(40, Int((2000 * scale).rounded())), from: windowStart + 5 * day + 8 * hour, over: 40 * hour, kind: OTPCampaigns.verifyingShare)
        plan.sort { $0.time != $1.time ? $0.time < $1.time : $0.kind < $1.kind }
    }

    /// Emits the planned requests before `end`.
    mutating func emit(_ queue: inout OTPLineQueue, _ rng: inout SplitMix64, before end: Int64) {
        while next < plan.count, plan[next].time < end {
            let p = plan[next]
            next += 1
            let id = "otp_" + rng.hex(16)
            let session = "s_" + rng.hex(20)
            let label = OTPCampaigns.labels[p.kind]
            switch p.kind {
            case OTPCampaigns.sequentialBlock:
                let block = p.index / 100, last = p.index % 100
                let number = CountryCatalog.sierraLeone.number(national: "76\(5100 + block)\(CivilTime.pad(Int64(last), 2))")
                let ip = AddressPool.attackers.address(1000 + rng.below(40))
                queue.check(at: p.time, to: number.e164, ip: ip, user: nil, session: session, purpose: "signup", id: id, label: label)
            case OTPCampaigns.premiumLowRate:
                let number = CountryCatalog.indonesia.randomNumber(&rng)
                let ip = OTPCampaigns.indonesianProxies.address(rng.below(OTPCampaigns.indonesianProxies.count))
                queue.check(at: p.time, to: number.e164, ip: ip, user: nil, session: session, purpose: "signup", id: id, label: label)
            case OTPCampaigns.singleIPBurst:
                let number = rng.pick(OTPCampaigns.burstCountries).randomNumber(&rng)
                queue.check(at: p.time, to: number.e164, ip: OTPCampaigns.burstAddress, user: nil, session: session, purpose: "signup", id: id, label: label)
            default:
                let number = CountryCatalog.india.randomNumber(&rng)
                let ip = OTPCampaigns.indianProxies.address(rng.below(4000))
                queue.check(at: p.time, to: number.e164, ip: ip, user: nil, session: session, purpose: "signup", id: id, label: label)
                if rng.chance(0.1) {
                    queue.verified(at: p.time + Int64(rng.int(in: 20_000...80_000)), id: id, to: number.e164, byNumber: false)
                }
            }
        }
    }
}
