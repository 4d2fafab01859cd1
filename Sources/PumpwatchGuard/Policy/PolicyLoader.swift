import Foundation

/// Reads a guard policy from YAML.
///
/// Each key is laid over the standard policy; anything not understood is rejected with the key
/// path, the line and the reason.
///
/// ```yaml
/// mode: enforce                     # or monitor: decide, report, but allow every send
/// cutoffs: {monitor: 30, challenge: 50, block: 80}
/// aggregate_cap: 60                 # most points from country- and prefix-wide signals
/// verification_window: 1h
/// countries:
///   default: filter                 # allow | block | monitor | filter
///   rules: {KP: block, GB: filter, "+881": block}
///   overrides:
///     - {prefix: "+44 7700 900", mode: block}
///     - {number: "+15005550006", mode: allow}
/// allow:                            # always allowed, whatever else applies
///   cidrs: [10.0.0.0/8, "2001:db8::/32"]
///   countries: [US]
///   numbers: ["+1 555 01*", "+44 7700 900xxx"]
/// prices: {currency: USD, default: 0.10, countries: {GB: 0.0524}, prefixes: {"+881": 0.92}}
/// limits: {numbers: 786432, addresses: 196608, users: 196608, sessions: 98304, blocks: 196608, prefixes: 49152, pending: 393216}
/// signals:
///   number_velocity: {cooldown: 30s, hourly: 6, daily: {limit: 12, score: 50}, unverified: 4}
///   ip_velocity: {hourly: 20, daily: 60}
///   identity_velocity: {user_hourly: 8, session_numbers: 3}
///   ip_spread: {numbers: 10, countries: 4}
///   number_block: {window: 1h, widths: [{trailing_digits: 2, numbers: 4, score: 45}]}
///   high_risk: {prefixes: standard, score: 40, new_country_score: 40, expensive: 0.25}
///   validity: {unassigned_score: 80, length_score: 60}
///   spend_budget: {default: 50, minimum: 10, new_country: 5, baseline_factor: 3, countries: {GB: 200}}
///   conversion: {daily_floor: 20, hourly_floor: 3, daily_ratio: 0.3, hourly_ratio: 0.2, min_sends: 20, ratio: 0.5}
///   ip_unverified: {daily_floor: 10, hourly_floor: 5, ratio: 0.2}
///   verified_history: {number_days: 30, number_score: -40}
/// ```
/// A limit is a number or `{limit, score}`; `off` turns it off.
public enum PolicyLoader {
    static let topKeys = ["mode", "cutoffs", "aggregate_cap", "verification_window", "countries", "allow", "prices", "limits", "signals"]
    static let signalKeys = [
        "number_velocity", "ip_velocity", "identity_velocity", "ip_spread", "number_block", "high_risk", "validity",
        "spend_budget", "conversion", "ip_unverified", "verified_history",
    ]

    /// The policy in the file at `path`.
    public static func load(path: String) throws(PolicyError) -> GuardPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(file: path, key: "(file)", reason: "cannot read the policy file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(file: path, key: "(file)", reason: "the policy file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The policy in `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String? = nil) throws(PolicyError) -> GuardPolicy {
        let root = try PolicyNode.parse(text, file: file)
        let m = try root.mapping(allowed: topKeys)
        var p = GuardPolicy()
        if let v = m.optional("mode") {
            let s = try v.string()
            guard let mode = GuardMode(rawValue: s) else { throw v.error("expected enforce or monitor, found '\(s)'") }
            p.mode = mode
        }
        if let v = m.optional("cutoffs") {
            let c = try v.mapping(allowed: ["monitor", "challenge", "block"])
            if let x = c.optional("monitor") { p.cutoffs.monitor = try x.int(in: 0...100) }
            if let x = c.optional("challenge") { p.cutoffs.challenge = try x.int(in: 0...100) }
            if let x = c.optional("block") { p.cutoffs.block = try x.int(in: 0...100) }
        }
        if let v = m.optional("aggregate_cap") { p.aggregateCap = try v.int(in: 0...100) }
        if let v = m.optional("verification_window") { p.verificationWindow = try v.seconds() }
        if let v = m.optional("countries") { p.countryRules = CountryRuleSignal(rules: try countryRules(v)) }
        if let v = m.optional("allow") { p.allowList = AllowListSignal(list: try allowList(v)) }
        if let v = m.optional("prices") { p.prices = try prices(v) }
        if let v = m.optional("limits") {
            let l = try v.mapping(allowed: StateLimits.keys)
            for key in StateLimits.keys {
                if let x = l.optional(key) { p.limits[key] = try x.int(in: 100...50_000_000) }
            }
        }
        if let v = m.optional("signals") {
            let s = try v.mapping(allowed: signalKeys)
            if let x = s.optional("number_velocity") { try p.numberVelocity.read(x) }
            if let x = s.optional("ip_velocity") { try p.ipVelocity.read(x) }
            if let x = s.optional("identity_velocity") { try p.identityVelocity.read(x) }
            if let x = s.optional("ip_spread") { try p.ipSpread.read(x) }
            if let x = s.optional("number_block") { try p.numberBlock.read(x) }
            if let x = s.optional("high_risk") { try p.highRisk.read(x) }
            if let x = s.optional("validity") { try p.validity.read(x) }
            if let x = s.optional("spend_budget") { try p.spendBudget.read(x) }
            if let x = s.optional("conversion") { try p.conversion.read(x) }
            if let x = s.optional("ip_unverified") { try p.ipUnverified.read(x) }
            if let x = s.optional("verified_history") { try p.verifiedHistory.read(x) }
        }
        try p.validate(file: file)
        return p
    }

    static func mode(_ v: PolicyNode) throws(PolicyError) -> CountryMode {
        let s = try v.string()
        guard let mode = CountryMode(rawValue: s) else { throw v.error("expected allow, block, monitor or filter, found '\(s)'") }
        return mode
    }

    static func country(_ text: String, _ node: PolicyNode) throws(PolicyError) -> String {
        let t = text.trimmingCharacters(in: " ")
        guard CountryKey(t) != nil else { throw node.error("'\(t)' is not a country code such as GB, or a non-geographic code such as +881") }
        return t.hasPrefix("+") ? t : t.uppercased()
    }

    /// The digits after `+` of a number or prefix as written (`+44 7700 900` gives `447700900`).
    static func digits(_ v: PolicyNode) throws(PolicyError) -> String {
        try digits(try v.string(), v)
    }

    static func digits(_ text: String, _ v: PolicyNode) throws(PolicyError) -> String {
        var t = Substring(text.trimmingCharacters(in: " "))
        if t.hasPrefix("+") { t = t.dropFirst() } else if t.hasPrefix("00") { t = t.dropFirst(2) }
        let digits = t.filter { $0 != " " && $0 != "-" }
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else {
            throw v.error("'\(text)' is not a phone number or prefix such as +44 7700 900")
        }
        return String(digits)
    }

    static func countryRules(_ v: PolicyNode) throws(PolicyError) -> CountryRules {
        let c = try v.mapping(allowed: ["default", "rules", "overrides"])
        let defaultMode = try c.optional("default").map(mode) ?? .filter
        var modes: [String: CountryMode] = [:]
        if let r = c.optional("rules") {
            for (name, node) in try r.mapping().entries { modes[try country(name, node)] = try mode(node) }
        }
        var overrides: [CountryRules.Override] = []
        if let list = c.optional("overrides") {
            for item in try list.list() {
                let o = try item.mapping(allowed: ["prefix", "number", "mode"])
                let m = try mode(try o.required("mode"))
                switch (o.optional("prefix"), o.optional("number")) {
                case (let p?, nil): overrides.append(.init(digits: try digits(p), isNumber: false, mode: m))
                case (nil, let n?):
                    let d = try digits(n)
                    guard (8...15).contains(d.count) else { throw n.error("a whole number has 8 to 15 digits; use prefix for a range") }
                    overrides.append(.init(digits: d, isNumber: true, mode: m))
                default: throw item.error("give either prefix or number")
                }
            }
        }
        return CountryRules(defaultMode: defaultMode, modes: modes, overrides: overrides)
    }

    static func allowList(_ v: PolicyNode) throws(PolicyError) -> AllowList {
        let a = try v.mapping(allowed: ["cidrs", "countries", "numbers"])
        var networks: [CIDRBlock] = []
        var countries: [String] = []
        var numbers: [NumberPattern] = []
        if let list = a.optional("cidrs") {
            for item in try listItems(list) {
                guard let block = CIDRBlock(try item.string()) else { throw item.error("'\(try item.string())' is not an address or network such as 10.0.0.0/8") }
                networks.append(block)
            }
        }
        if let list = a.optional("countries") {
            for item in try listItems(list) { countries.append(try country(try item.string(), item)) }
        }
        if let list = a.optional("numbers") {
            for item in try listItems(list) {
                guard let p = NumberPattern(try item.string()) else {
                    throw item.error("'\(try item.string())' is not a number pattern such as +1 555 01* or +44 7700 900xxx")
                }
                numbers.append(p)
            }
        }
        return AllowList(networks: networks, countries: countries, numbers: numbers)
    }

    static func listItems(_ v: PolicyNode) throws(PolicyError) -> [PolicyNode] {
        if case .scalar = v.node { return [v] }
        return try v.list()
    }

    static func prices(_ v: PolicyNode) throws(PolicyError) -> PriceTable {
        let p = try v.mapping(allowed: ["currency", "default", "countries", "prefixes", "standard"])
        let useStandard = try p.optional("standard")?.bool() ?? true
        var countries: [String: Double] = [:]
        var prefixes: [String: Double] = [:]
        if let c = p.optional("countries") {
            for (name, node) in try c.mapping().entries { countries[try country(name, node)] = try node.double(in: 0...1000) }
        }
        if let c = p.optional("prefixes") {
            for (name, node) in try c.mapping().entries {
                prefixes[try digits(name, node)] = try node.double(in: 0...1000)
            }
        }
        let base = useStandard ? PriceTable.standard : PriceTable(countries: [:])
        return base.overlaid(
            currency: try p.optional("currency")?.string(), defaultPrice: try p.optional("default")?.double(in: 0...1000),
            countries: countries, prefixes: prefixes)
    }
}
