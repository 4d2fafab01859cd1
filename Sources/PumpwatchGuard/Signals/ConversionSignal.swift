/// Codes that are not verified, per destination country and per number prefix.
///
/// Reasons `country-unverified`, `country-conversion` and `prefix-conversion`:
/// - unverified codes to the country in the last day and the last hour against thresholds after
///   Authgear's fraud protection: daily `max(daily_floor, daily_ratio × the baseline's busiest
///   day of verified codes, daily_ratio × codes verified in the last day)`, hourly
///   `max(hourly_floor, daily / 6, hourly_ratio × codes verified in the last hour)`, so the
///   allowance grows with the country's real traffic, baseline or not;
/// - the country's conversion over the last day (verified per sent, with at least `min_sends`;
///   over the last week for quieter countries) below `ratio` times its baseline conversion (or
///   `expected` without one), as Twilio's Verify insights watch it;
/// - the same for the destination's prefix (its calling code and the next `prefix_digits` digits).
///
/// These are aggregate points: they can push a country's sends to `challenge`, never to `block`
/// on their own.
public struct ConversionSignal: Signal {
    public var enabled = true
    public var dailyFloor: Double = 20
    public var hourlyFloor: Double = 3
    public var dailyRatio: Double = 0.3
    public var hourlyRatio: Double = 0.2
    public var unverifiedScore = 30
    public var minSends: Double = 20
    public var ratio: Double = 0.5
    /// The conversion expected of a country the baseline has no figure for.
    public var expected: Double = 0.7
    public var conversionScore = 30
    /// National digits after the calling code that make a prefix.
    public var prefixDigits = 2
    public var prefixMinSends: Double = 12
    public var prefixScore = 30

    static let tier = SignalTier.aggregate

    public init() {}

    /// The daily and hourly unverified thresholds for a country's record at `s`.
    func thresholds(_ c: ConversionRecord, norms: CountryNorms, at s: UInt32) -> (day: Double, hour: Double) {
        let day = max(dailyFloor, dailyRatio * norms.dailyVerified, dailyRatio * c.verified.perDay(at: s))
        let hour = max(hourlyFloor, day / 6, hourlyRatio * c.verified.perHour(at: s))
        return (day, hour)
    }

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let d = f.destination else { return }
        let country = d.countryText ?? "this calling code"
        let (hour, day) = f.country.unverified(at: f.now)
        let limits = thresholds(f.country, norms: f.norms, at: f.now)
        if day >= limits.day {
            r.add(Self.tier, "country-unverified", "\(ReasonList.count(day)) codes to \(country) unverified in the last day", value: day, threshold: limits.day, score: unverifiedScore)
        } else if hour >= limits.hour {
            r.add(Self.tier, "country-unverified", "\(ReasonList.count(hour)) codes to \(country) unverified in the last hour", value: hour, threshold: limits.hour, score: unverifiedScore)
        }
        if let (sent, verified, window) = f.country.conversion(at: f.now, minimum: minSends) {
            let rate = min(1, verified / sent)
            let floor = f.norms.expectedConversion * ratio
            if rate < floor {
                r.add(Self.tier, "country-conversion", "\(ReasonList.percent(rate))% of \(ReasonList.count(sent)) codes to \(country) verified in the last \(window), against \(ReasonList.percent(f.norms.expectedConversion))% normally",
                      value: rate, threshold: floor, score: conversionScore)
            }
        }
        if let p = f.prefixRecord, let prefix = f.prefix, let (sent, verified, window) = p.conversion(at: f.now, minimum: prefixMinSends) {
            let rate = min(1, verified / sent)
            let expected = f.prefixBaselineConversion ?? f.norms.expectedConversion
            let floor = expected * ratio
            if rate < floor {
                r.add(Self.tier, "prefix-conversion", "\(ReasonList.percent(rate))% of \(ReasonList.count(sent)) codes to \(prefix) verified in the last \(window), against \(ReasonList.percent(expected))% normally",
                      value: rate, threshold: floor, score: prefixScore)
            }
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: [
            "enabled", "daily_floor", "hourly_floor", "daily_ratio", "hourly_ratio", "unverified_score", "min_sends", "ratio", "expected",
            "conversion_score", "prefix_digits", "prefix_min_sends", "prefix_score",
        ])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("daily_floor") { dailyFloor = try v.double(in: 0...1e9) }
        if let v = m.optional("hourly_floor") { hourlyFloor = try v.double(in: 0...1e9) }
        if let v = m.optional("daily_ratio") { dailyRatio = try v.double(in: 0...100) }
        if let v = m.optional("hourly_ratio") { hourlyRatio = try v.double(in: 0...100) }
        if let v = m.optional("unverified_score") { unverifiedScore = try v.int(in: -100...100) }
        if let v = m.optional("min_sends") { minSends = try v.double(in: 1...1e9) }
        if let v = m.optional("ratio") { ratio = try v.double(in: 0...1) }
        if let v = m.optional("expected") { expected = try v.double(in: 0...1) }
        if let v = m.optional("conversion_score") { conversionScore = try v.int(in: -100...100) }
        if let v = m.optional("prefix_digits") { prefixDigits = try v.int(in: 1...6) }
        if let v = m.optional("prefix_min_sends") { prefixMinSends = try v.double(in: 1...1e9) }
        if let v = m.optional("prefix_score") { prefixScore = try v.int(in: -100...100) }
    }
}
