/// Distinct numbers and countries per client address.
///
/// Counted over the last 12–24 hours, not counting what verified (`ip-numbers`, `ip-countries`):
/// numbers are a 512-bit linear-counting estimate less the codes the address verified; countries
/// are exact (up to eight), less those a code from the address verified in, as Authgear counts them. The country limit of 4
/// is Authgear's "more than 3".
public struct IPSpreadSignal: Signal {
    public var enabled = true
    public var numbers: Limit? = Limit(10, score: 35)
    public var countries: Limit? = Limit(4, score: 40)

    static let tier = SignalTier.entity

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let ip = f.ip else { return }
        let distinct = ip.numbers.estimate(at: f.now, width: IPRecord.spreadWindow).rounded()
        let verified = ip.verified.perDay(at: f.now).rounded()
        let n = max(0, distinct - verified)
        r.check(Self.tier, "ip-numbers", value: n, numbers,
                "this address asked for codes to about \(ReasonList.count(distinct)) numbers in the last 12–24 hours, \(ReasonList.count(n)) of them without a verification")
        let all = ip.countries.live(at: f.now, width: IPRecord.spreadWindow)
        let set = all.subtracting(ip.verifiedCountries.live(at: f.now, width: IPRecord.spreadWindow))
        let c = Double(set.count)
        r.check(Self.tier, "ip-countries", value: c, countries,
                "this address asked for codes to \(all.isFull ? "at least " : "")\(set.count) countries without a verification (\(set.members.map(\.text).joined(separator: ", "))) in the last 12–24 hours")
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "numbers", "countries"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        numbers = try readLimit(m, "numbers", numbers)
        countries = try readLimit(m, "countries", countries)
    }
}
