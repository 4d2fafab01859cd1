import PumpwatchDetect

/// Risky destinations.
///
/// A prefix on the high-risk list (`high-risk-prefix`, the detection pack's
/// `high-risk-prefixes.tsv` unless the policy names its own), a country the baseline never saw
/// (`new-country`, silent without a baseline), and a destination whose price is at or above
/// `expensive_price` (`expensive-destination`).
public struct HighRiskDestinationSignal: Signal {
    public var enabled = true
    public var prefixes: HighRiskPrefixes = .standard
    public var prefixScore = 40
    public var newCountryScore = 40
    public var expensive: Limit? = Limit(0.25, score: 10)

    static let tier = SignalTier.destination

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let d = f.destination else { return }
        if let hit = prefixes.match(d.number) {
            let why = hit.reason.isEmpty ? "" : " (\(hit.reason))"
            r.add(Self.tier, "high-risk-prefix", "\(d.number.e164) starts with high-risk prefix \(hit.display)\(why)", value: 1, threshold: nil, score: prefixScore)
        }
        if f.norms.seen == false {
            r.add(Self.tier, "new-country", "no code went to \(d.countryText ?? "this calling code") in the baseline period", value: 0, threshold: 1, score: newCountryScore)
        }
        r.check(Self.tier, "expensive-destination", value: f.price, expensive, "one text to \(d.countryText ?? "this destination") costs \(ReasonList.text(f.price)) by the price table")
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "prefixes", "score", "new_country_score", "expensive"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("prefixes") {
            let items = try v.stringList()
            do throws(RuleError) {
                if items == ["standard"] {
                    prefixes = .standard
                } else if items.count == 1, case .scalar = v.node, !items[0].hasPrefix("+"), items[0].contains(where: { !$0.isNumber && $0 != " " }) {
                    prefixes = try HighRiskPrefixes.load(path: items[0], key: v.path)
                } else {
                    prefixes = try HighRiskPrefixes(prefixes: items)
                }
            } catch {
                throw PolicyError(file: v.file, key: v.path, reason: error.reason + (error.line.map { " (line \($0) of \(error.file ?? "the file"))" } ?? ""), line: v.line)
            }
        }
        if let v = m.optional("score") { prefixScore = try v.int(in: -100...100) }
        if let v = m.optional("new_country_score") { newCountryScore = try v.int(in: -100...100) }
        expensive = try readLimit(m, "expensive", expensive)
    }
}
