/// Numbers that cannot be real (`invalid-number`).
///
/// An unassigned calling code, or a national number whose length is outside its country's range in
/// `national-number-lengths.tsv`.
public struct NumberValiditySignal: Signal {
    public var enabled = true
    public var lengths: NationalNumberLengths = .standard
    public var unassignedScore = 80
    public var lengthScore = 60

    static let tier = SignalTier.destination

    public init() {}

    func evaluate(_ f: CheckFacts, into r: inout ReasonList) {
        guard enabled, let d = f.destination else { return }
        guard d.entry != nil else {
            r.add(Self.tier, "invalid-number", "\(d.number.e164) has no assigned country calling code", value: 0, threshold: nil, score: unassignedScore)
            return
        }
        if let range = lengths.range(for: d.country), !range.contains(d.nationalDigits) {
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            r.add(Self.tier, "invalid-number", "\(d.countryText ?? "") numbers have \(expected) digits after +\(d.callingCode ?? ""); \(d.number.e164) has \(d.nationalDigits)",
                  value: Double(d.nationalDigits), threshold: Double(d.nationalDigits < range.lowerBound ? range.lowerBound : range.upperBound), score: lengthScore)
        }
    }

    mutating func read(_ node: PolicyNode) throws(PolicyError) {
        let m = try node.mapping(allowed: ["enabled", "unassigned_score", "length_score"])
        if let v = m.optional("enabled") { enabled = try v.bool() }
        if let v = m.optional("unassigned_score") { unassignedScore = try v.int(in: -100...100) }
        if let v = m.optional("length_score") { lengthScore = try v.int(in: -100...100) }
    }
}
