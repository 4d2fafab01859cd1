import PumpwatchCore
import PumpwatchDetect

/// Learns a `GuardBaseline` from historical logs.
///
/// Every send and verification that `ReplayInput` reads (app check requests and verifications as
/// NDJSON, Twilio messages, Event Streams and Verify events, SNS delivery logs).
///
/// A send counts as verified when its number verified within `verificationWindow` after it.
/// Countries need `minSends` sends for a conversion figure; prefixes need as many to be kept at
/// all, and at most `maxPrefixes` of the busiest are.
public struct BaselineBuilder: Sendable {
    public var prefixDigits = 2
    public var verificationWindow: Int64 = 3_600_000
    public var minSends = 20
    public var maxPrefixes = 5000

    public init() {}

    /// A builder matching `policy`'s prefix length and verification window.
    public init(policy: GuardPolicy) {
        prefixDigits = policy.conversion.prefixDigits
        verificationWindow = Int64(policy.verificationWindow) * 1000
    }

    /// Reads `paths` and learns from them.
    public func build(paths: [String], onMalformed: (MalformedRecord) -> Void) throws -> GuardBaseline {
        let input = try ReplayInput.read(paths: paths, onMalformed: onMalformed)
        guard input.records.contains(where: { if case .check = $0.kind { return true } else { return false } }) else {
            throw BaselineError(reason: "no sends found under \(paths.joined(separator: ", ")): expected check requests, Twilio messages or Verify events, or SNS delivery logs")
        }
        var b = build(records: input.records)
        b.sources = input.formats
        return b
    }

    private struct Tally {
        var sends = 0
        var verified = 0
        var days: [Int64: Int] = [:]
        var verifiedDays: [Int64: Int] = [:]
        var hours: [Int64: Int] = [:]
    }

    /// Learns from records in time order.
    public func build(records: [ReplayRecord]) -> GuardBaseline {
        let index = VerificationIndex(records, window: verificationWindow)
        var countries: [String: Tally] = [:]
        var prefixes: [String: (sends: Int, verified: Int)] = [:]
        var sends = 0, verified = 0
        var hasVerifications = false
        var first = Int64.max, last = Int64.min
        for r in records {
            first = min(first, r.time)
            last = max(last, r.time)
            guard case .check(let c) = r.kind else {
                hasVerifications = true
                continue
            }
            guard let d = DestinationNumber(c.to), let country = d.countryText else { continue }
            let ok = index.isVerified(number: d.number.value, sentAt: r.time)
            sends += 1
            if ok { verified += 1 }
            var t = countries[country] ?? Tally()
            t.sends += 1
            if ok {
                t.verified += 1
                t.verifiedDays[r.time / 86_400_000, default: 0] += 1
            }
            t.days[r.time / 86_400_000, default: 0] += 1
            t.hours[r.time / 3_600_000, default: 0] += 1
            countries[country] = t
            let digits = min(d.number.digitCount - 1, (d.callingCode?.count ?? 3) + prefixDigits)
            let prefix = "+" + String(d.number.prefix(digits))
            prefixes[prefix, default: (0, 0)].sends += 1
            if ok { prefixes[prefix, default: (0, 0)].verified += 1 }
        }
        if first == Int64.max { first = 0; last = 0 }
        let days = max(1, Double(last - first) / 86_400_000)
        var out: [String: GuardBaseline.CountryBaseline] = [:]
        for (country, t) in countries {
            let hourly = t.hours.values.sorted()
            let p95 = hourly.isEmpty ? 0 : hourly[min(hourly.count - 1, Int((Double(hourly.count) * 0.95).rounded(.down)))]
            out[country] = GuardBaseline.CountryBaseline(
                sends: t.sends, verified: t.verified,
                conversion: hasVerifications && t.sends >= minSends ? (Double(t.verified) / Double(t.sends) * 1000).rounded() / 1000 : nil,
                dailySendsMean: (Double(t.sends) / days * 10).rounded() / 10, dailySendsMax: t.days.values.max() ?? 0,
                dailyVerifiedMax: hasVerifications ? (t.verifiedDays.values.max() ?? 0) : nil, hourlySendsP95: p95)
        }
        var kept: [String: GuardBaseline.PrefixBaseline] = [:]
        for (prefix, v) in prefixes.filter({ $0.value.sends >= minSends }).sorted(by: { $0.value.sends != $1.value.sends ? $0.value.sends > $1.value.sends : $0.key < $1.key }).prefix(maxPrefixes) {
            kept[prefix] = GuardBaseline.PrefixBaseline(
                sends: v.sends, verified: v.verified, conversion: hasVerifications ? (Double(v.verified) / Double(v.sends) * 1000).rounded() / 1000 : nil)
        }
        return GuardBaseline(
            start: Timestamp.iso8601(millis: first), end: Timestamp.iso8601(millis: last), days: (days * 100).rounded() / 100,
            sends: sends, verified: verified, hasVerifications: hasVerifications, prefixDigits: prefixDigits,
            countries: out, prefixes: kept, sources: [:])
    }
}
