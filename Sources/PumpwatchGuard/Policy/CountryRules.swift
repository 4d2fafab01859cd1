import PumpwatchDetect

/// The destination rules: country modes and number and prefix overrides.
///
/// A mode for each country, and number and prefix overrides that beat it (an exact number beats a
/// prefix, a longer prefix a shorter one).
public struct CountryRules: Sendable {
    /// The mode of countries without a rule.
    public private(set) var defaultMode: CountryMode
    /// Modes by country (`GB`, `+881`).
    public private(set) var modes: [String: CountryMode]
    public private(set) var overrides: [Override]

    /// A number or prefix with its own mode.
    public struct Override: Sendable, Equatable {
        /// The digits after `+` (`447700900`).
        public var digits: String
        /// True for a whole number, false for a prefix.
        public var isNumber: Bool
        public var mode: CountryMode

        public init(digits: String, isNumber: Bool, mode: CountryMode) {
            self.digits = digits
            self.isNumber = isNumber
            self.mode = mode
        }
    }

    private var byCountry: [CountryMode]
    private var overrideTable: [UInt64: CountryMode] = [:]
    private var longestOverride = 0

    public init(defaultMode: CountryMode = .filter, modes: [String: CountryMode] = [:], overrides: [Override] = []) {
        self.defaultMode = defaultMode
        self.modes = modes
        self.overrides = overrides
        byCountry = Array(repeating: defaultMode, count: CountryKey.count)
        for (country, mode) in modes {
            if let key = CountryKey(country) { byCountry[key.index] = mode }
        }
        for o in overrides {
            guard let v = UInt64(o.digits) else { continue }
            overrideTable[CountryRules.key(v, o.digits.count, o.isNumber)] = o.mode
            longestOverride = max(longestOverride, o.digits.count)
        }
    }

    /// The mode for `destination` and what set it (`nil` when the country's mode is the default).
    func mode(for destination: DestinationNumber) -> (CountryMode, String?) {
        if !overrideTable.isEmpty {
            let n = destination.number
            if let m = overrideTable[CountryRules.key(n.value, n.digitCount, true)] { return (m, "number override \(n.e164)") }
            var length = min(longestOverride, n.digitCount)
            while length >= 1 {
                if let m = overrideTable[CountryRules.key(n.prefix(length), length, false)] {
                    return (m, "prefix override +\(n.prefix(length))")
                }
                length -= 1
            }
        }
        let m = byCountry[destination.country.index]
        if let text = destination.countryText, modes[text] != nil { return (m, "country rule for \(text)") }
        return (m, nil)
    }

    private static func key(_ v: UInt64, _ count: Int, _ whole: Bool) -> UInt64 {
        v &* 32 &+ UInt64(count) &* 2 &+ (whole ? 1 : 0)
    }
}
