import Foundation

/// Destination prefixes commonly abused for SMS pumping, with the country and the reason.
///
/// The default list is the editable data file `high-risk-prefixes.tsv` (prefix, country, reason):
/// destinations that providers' fraud guidance and incident reports name often, not a definitive
/// list. A rule replaces it with its `high_risk_prefixes` parameter: a list of prefixes
/// (`[+232, +881, +1876]`) or the path of a file in the same layout. A number matches its
/// longest listed prefix.
public struct HighRiskPrefixes: Sendable {
    /// One listed prefix.
    public struct Entry: Sendable, Hashable {
        /// The prefix digits without `+` (`232`, `1876`).
        public let prefix: String
        public let country: String
        public let reason: String

        /// The prefix as written in reports (`+232`).
        public var display: String { "+" + prefix }
    }

    private let entries: [UInt64: Entry]
    private let longest: Int

    /// The list in the package's `high-risk-prefixes.tsv`.
    public static let standard: HighRiskPrefixes = {
        guard let text = BundledDataFile.text(named: "high-risk-prefixes.tsv") else { return HighRiskPrefixes(entries: []) }
        return (try? HighRiskPrefixes(tsv: text, file: "high-risk-prefixes.tsv")) ?? HighRiskPrefixes(entries: [])
    }()

    public init(entries: [Entry]) {
        var map: [UInt64: Entry] = [:]
        var longest = 0
        for e in entries {
            guard let v = UInt64(e.prefix) else { continue }
            map[HighRiskPrefixes.key(v, e.prefix.count)] = e
            longest = max(longest, e.prefix.count)
        }
        self.entries = map
        self.longest = longest
    }

    /// A list from tab-separated text (`prefix<TAB>country<TAB>reason`); a prefix that is not
    /// digits (after `+`, spaces and dashes) is a `RuleError` naming the line.
    public init(tsv: String, file: String? = nil) throws(RuleError) {
        var list: [Entry] = []
        for (line, cells) in BundledDataFile.rows(tsv) {
            let prefix = try HighRiskPrefixes.digits(cells[0], file: file, line: line)
            var country = cells.count > 1 && !cells[1].isEmpty ? cells[1] : (CallingCodes.standard.entryForPrefix(prefix) ?? "")
            // Non-geographic ranges belong to no country: name them by their code, as `CallingCodes` does.
            if country == "001" { country = "+" + prefix }
            list.append(Entry(prefix: prefix, country: country, reason: cells.count > 2 ? cells[2] : ""))
        }
        self.init(entries: list)
    }

    /// A list of bare prefixes (`+232`, `882 16`); the country comes from the calling code table.
    public init(prefixes: [String]) throws(RuleError) {
        var list: [Entry] = []
        for p in prefixes {
            let digits = try HighRiskPrefixes.digits(p, file: nil, line: nil)
            list.append(Entry(prefix: digits, country: CallingCodes.standard.entryForPrefix(digits) ?? "", reason: "listed in the rule's high_risk_prefixes"))
        }
        self.init(entries: list)
    }

    /// The list a rule asks for with `key`: the standard list when absent; prefixes when a list of
    /// them (or one prefix) is given; else the file at the given path.
    public static func from(_ parameters: RuleParameters, key: String = "high_risk_prefixes") throws(RuleError) -> HighRiskPrefixes {
        guard parameters.values[key] != nil else { return .standard }
        let items = try parameters.strings(key, default: [])
        if items.count == 1, let only = items.first, !only.trimmingSpaces().hasPrefix("+"), only.contains(where: { !$0.isNumber && $0 != " " && $0 != "-" }) {
            return try load(path: only, key: key)
        }
        do {
            return try HighRiskPrefixes(prefixes: items)
        } catch {
            throw RuleError(key: key, reason: error.reason)
        }
    }

    /// The list in the file at `path`.
    public static func load(path: String, key: String = "high_risk_prefixes") throws(RuleError) -> HighRiskPrefixes {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RuleError(key: key, reason: "cannot read the prefix file \(path)")
        }
        return try HighRiskPrefixes(tsv: text, file: path)
    }

    /// The number of listed prefixes.
    public var count: Int { entries.count }

    /// The longest listed prefix of `number`, or `nil` when the number is not on the list.
    public func match(_ number: PhoneNumber) -> Entry? {
        var length = min(longest, number.digitCount - 1)
        while length >= 1 {
            if let e = entries[HighRiskPrefixes.key(number.prefix(length), length)] { return e }
            length -= 1
        }
        return nil
    }

    /// True when `number` starts with a listed prefix.
    public func contains(_ number: PhoneNumber) -> Bool { match(number) != nil }

    private static func key(_ v: UInt64, _ count: Int) -> UInt64 { v &* 16 &+ UInt64(count) }

    private static func digits(_ text: String, file: String?, line: Int?) throws(RuleError) -> String {
        var t = Substring(text.trimmingSpaces())
        if t.hasPrefix("+") { t = t.dropFirst() } else if t.hasPrefix("00") { t = t.dropFirst(2) }
        let digits = t.filter { $0 != " " && $0 != "-" }
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else {
            throw RuleError(file: file, key: "high_risk_prefixes", reason: "'\(text)' is not a phone number prefix such as +232", line: line)
        }
        return String(digits)
    }
}

extension CallingCodes {
    /// The country of the calling code that starts the prefix digits `digits`, if any.
    func entryForPrefix(_ digits: String) -> String? {
        // Pad to a full-length number so the longest-match lookup can run.
        let padded = digits + String(repeating: "0", count: max(0, 12 - digits.count))
        guard let n = PhoneNumber(value: UInt64(padded) ?? 0) else { return nil }
        return entry(for: n)?.country
    }
}
