/// The destination's mode from the country rules (`country-rule`).
///
/// Number and prefix overrides beat the country's mode. `block` refuses the send, `allow` sends it
/// without consulting the other signals, `monitor` sends it and reports what they recommend,
/// `filter` lets them decide.
public struct CountryRuleSignal: Sendable {
    public var rules = CountryRules()

    public init() {}

    public init(rules: CountryRules) {
        self.rules = rules
    }

    /// The mode for the destination, with the reason to show.
    ///
    /// A reason is given when a rule (not the default) set the mode, or when the mode is anything
    /// but `filter`.
    func resolve(_ destination: DestinationNumber) -> (CountryMode, Reason?) {
        let (mode, source) = rules.mode(for: destination)
        guard mode != .filter else { return (mode, nil) }
        let country = destination.countryText ?? "an unassigned calling code"
        let what: String
        switch mode {
        case .block: what = "sends to \(country) are blocked"
        case .allow: what = "sends to \(country) are always allowed"
        case .monitor: what = "sends to \(country) are sent and monitored"
        case .filter: what = ""
        }
        let detail = source.map { "\(what) by the \($0)" } ?? "\(what) by the default country mode"
        return (mode, Reason(signal: "country-rule", detail: detail, value: 1, threshold: nil, score: mode == .block ? 100 : 0))
    }
}
