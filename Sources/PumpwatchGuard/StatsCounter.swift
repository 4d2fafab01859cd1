import PumpwatchCore

/// The running counts behind `GuardStats`.
///
/// Kept in arrays indexed by verdict and country key so that counting a decision costs no string
/// hashing.
struct StatsCounter: Sendable {
    var checks = 0
    var verifications = 0
    var unmatchedVerifications = 0
    var byVerdict = [Int](repeating: 0, count: 4)
    var byPolicyVerdict = [Int](repeating: 0, count: 4)
    var byCountry = [Int](repeating: 0, count: CountryKey.count * 4)
    var bySignal: [String: Int] = [:]
    /// The last 48 hours: hour index (`seconds / 3600`) and counts by policy verdict.
    var hours: [(hour: UInt32, counts: [Int])] = []

    static let hoursKept = 48

    init() {}

    mutating func record(effective: Verdict, policy: Verdict, country: CountryKey?, reasons: [Reason], at seconds: UInt32) {
        checks += 1
        byVerdict[effective.rank] += 1
        byPolicyVerdict[policy.rank] += 1
        if let country { byCountry[country.index * 4 + policy.rank] += 1 }
        for r in reasons { bySignal[r.signal, default: 0] += 1 }
        let hour = seconds / 3600
        if let last = hours.last, last.hour == hour {
            hours[hours.count - 1].counts[policy.rank] += 1
        } else if hours.last.map({ hour > $0.hour }) ?? true {
            var counts = [0, 0, 0, 0]
            counts[policy.rank] = 1
            hours.append((hour, counts))
            if hours.count > StatsCounter.hoursKept { hours.removeFirst(hours.count - StatsCounter.hoursKept) }
        } else if let i = hours.firstIndex(where: { $0.hour == hour }) {
            hours[i].counts[policy.rank] += 1
        }
    }

    static func named(_ counts: [Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for v in Verdict.allCases where counts[v.rank] > 0 { out[v.rawValue] = counts[v.rank] }
        return out
    }

    var stats: GuardStats {
        var s = GuardStats()
        s.checks = checks
        s.verifications = verifications
        s.unmatchedVerifications = unmatchedVerifications
        s.decisions = StatsCounter.named(byVerdict)
        s.policyDecisions = StatsCounter.named(byPolicyVerdict)
        s.reasons = bySignal
        for i in 0..<CountryKey.count {
            let counts = Array(byCountry[(i * 4)..<(i * 4 + 4)])
            if counts.contains(where: { $0 > 0 }) { s.countries[CountryKey(raw: UInt16(i)).text] = StatsCounter.named(counts) }
        }
        s.hours = hours.map { GuardStats.Hour(start: Timestamp.iso8601(millis: Int64($0.hour) * 3_600_000), decisions: StatsCounter.named($0.counts)) }
        return s
    }

    /// Counters that continue from saved stats.
    init(_ s: GuardStats) {
        checks = s.checks
        verifications = s.verifications
        unmatchedVerifications = s.unmatchedVerifications
        for v in Verdict.allCases {
            byVerdict[v.rank] = s.decisions[v.rawValue] ?? 0
            byPolicyVerdict[v.rank] = s.policyDecisions[v.rawValue] ?? 0
        }
        bySignal = s.reasons
        for (country, counts) in s.countries {
            let key = country == "??" ? CountryKey.unknown : CountryKey(country)
            guard let key else { continue }
            for v in Verdict.allCases { byCountry[key.index * 4 + v.rank] = counts[v.rawValue] ?? 0 }
        }
        for h in s.hours {
            guard let ms = Timestamp.parse(h.start) else { continue }
            hours.append((UInt32(clamping: ms / 3_600_000), Verdict.allCases.map { h.decisions[$0.rawValue] ?? 0 }))
        }
    }
}
