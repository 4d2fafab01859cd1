/// A spend budget per destination country per UTC day (`spend-budget`).
///
/// Sends are priced by the policy's price table. The budget is the country's own from the policy,
/// else the baseline's busiest day times `baseline_factor` (at least `minimum`), else `new_country`
/// for a country the baseline never saw, else `default` without a baseline.
public struct SpendBudgetSignal: Signal {
    public var enabled = true
    public var defaultBudget: Double = 50
    public var minimum: Double = 10
    public var newCountry: Double = 5
    public var baselineFactor: Double = 3
    /// Budgets by country (`GB`, `+881`).
    public var countries: [String: Double] = [:]
    public var score = 45

    static let tier = SignalTier.aggregate

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let d = f.destination, f.norms.dailyBudget > 0 else { return }
        let spent = f.country.spend(at: f.now) + f.price
        guard spent > f.norms.dailyBudget else { return }
        r.add(Self.tier, "spend-budget", "today's sends to \(d.countryText ?? "this destination") would cost \(ReasonList.text(spent)), over the day's budget of \(ReasonList.text(f.norms.dailyBudget))",
              value: spent, threshold: f.norms.dailyBudget, score: score)
    }

    /// The day's budget for `country`.
    ///
    /// `baselineDailySpend` is the baseline's busiest-day spend (`nil` when the baseline did not
    /// see the country); `hasBaseline` says whether there is a baseline at all.
    func budget(country: String, baselineDailySpend: Double?, hasBaseline: Bool) -> Double {
        if let b = countries[country] { return b }
        guard hasBaseline else { return defaultBudget }
        guard let spend = baselineDailySpend else { return newCountry }
        return max(minimum, spend * baselineFactor)
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "default", "minimum", "new_country", "baseline_factor", "countries", "score"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("default") { defaultBudget = try v.double(in: 0...1e9) }
        if let v = m.optional("minimum") { minimum = try v.double(in: 0...1e9) }
        if let v = m.optional("new_country") { newCountry = try v.double(in: 0...1e9) }
        if let v = m.optional("baseline_factor") { baselineFactor = try v.double(in: 0...1000) }
        if let v = m.optional("score") { score = try v.int(in: -100...100) }
        if let v = m.optional("countries") {
            for (country, amount) in try v.mapping().entries {
                guard CountryKey(country) != nil else { throw amount.error("'\(country)' is not a country code such as GB or +881") }
                countries[country] = try amount.double(in: 0...1e9)
            }
        }
    }
}
