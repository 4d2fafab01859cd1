import Foundation
import PumpwatchDetect

/// Phone numbers in SQL, as `PhoneNumber`, `CallingCodes` and `HighRiskPrefixes` read them: the
/// E.164 digits of a destination text, its country, and its longest high-risk prefix.
///
/// The calling-code and high-risk tables become `CASE` expressions, longest prefix first. They are
/// read back from the bundled tables by asking them about every prefix up to the longest code
/// they hold (4 digits for calling codes, 6 for high-risk prefixes), so the SQL always carries the
/// tables the Swift detectors use.
enum PhoneLookupSQL {
    /// A calling code and what it resolves to.
    struct CodeEntry: Hashable {
        var code: String
        var country: String
        var name: String
    }

    /// A high-risk prefix and the country detectors name it by.
    struct PrefixEntry: Hashable {
        var prefix: String
        var country: String
        /// `+232 SL`, as findings' evidence writes it.
        var display: String
    }

    /// Every calling code reachable by a number.
    static let callingCodes: [CodeEntry] = {
        var seen: [String: CodeEntry] = [:]
        for p in UInt64(1000)...9999 {
            guard let n = PhoneNumber(value: p * 100_000_000), let e = CallingCodes.standard.entry(for: n) else { continue }
            seen[e.code] = CodeEntry(code: e.code, country: e.country, name: e.name)
        }
        return longestFirst(Array(seen.values), \.code)
    }()

    /// The bundled high-risk list.
    static let standardHighRisk: [PrefixEntry] = probe(HighRiskPrefixes.standard)

    /// The high-risk list a rule asks for with `high_risk_prefixes`, as `HighRiskPrefixes.from` reads it.
    static func highRiskList(_ rule: Rule, target: TranslationTarget) throws(TranslationError) -> [PrefixEntry] {
        let key = "high_risk_prefixes"
        guard rule.parameters.values[key] != nil else { return standardHighRisk }
        do {
            let list = try HighRiskPrefixes.from(rule.parameters, key: key)
            let items = try rule.parameters.strings(key, default: [])
            if items.count == 1, let only = items.first, !only.trimmingCharacters(in: .whitespaces).hasPrefix("+"),
                only.contains(where: { !$0.isNumber && $0 != " " && $0 != "-" }) {
                return probe(list)
            }
            return entries(of: list, prefixes: items)
        } catch {
            throw TranslationError("parameter \(key) of rule \(rule.id)", to: target, error.reason)
        }
    }

    /// The entries of a high-risk list, probed with every 6-digit prefix.
    static func probe(_ list: HighRiskPrefixes) -> [PrefixEntry] {
        var seen: [String: PrefixEntry] = [:]
        var last: String?
        for p in UInt64(100_000)...999_999 {
            guard let n = PhoneNumber(value: p * 1_000_000), let e = list.match(n) else { continue }
            if e.prefix == last { continue }
            last = e.prefix
            seen[e.prefix] = entry(e)
        }
        return longestFirst(Array(seen.values), \.prefix)
    }

    /// The entries of a list given as prefixes: each prefix is asked for directly.
    static func entries(of list: HighRiskPrefixes, prefixes: [String]) -> [PrefixEntry] {
        var seen: [String: PrefixEntry] = [:]
        for p in prefixes {
            let digits = p.filter { $0.isASCII && $0.isNumber }
            let padded = digits + String(repeating: "0", count: max(0, 12 - digits.count))
            guard let value = UInt64(padded), let n = PhoneNumber(value: value), let e = list.match(n) else { continue }
            seen[e.prefix] = entry(e)
        }
        return longestFirst(Array(seen.values), \.prefix)
    }

    private static func entry(_ e: HighRiskPrefixes.Entry) -> PrefixEntry {
        let display = e.country == e.display || e.country.isEmpty ? e.display : e.display + " " + e.country
        return PrefixEntry(prefix: e.prefix, country: e.country, display: display)
    }

    private static func longestFirst<T>(_ items: [T], _ key: KeyPath<T, String>) -> [T] {
        items.sorted { a, b in
            let x = a[keyPath: key], y = b[keyPath: key]
            return x.count != y.count ? x.count > y.count : x < y
        }
    }

    /// The digits after `+` of a destination text that parses as E.164 (8–15 digits, no leading
    /// 0, written with `+` or `00`, punctuation and `tel:`-style schemes ignored), else `NULL`.
    static func digits(_ text: String, _ d: BuiltinSQLDialect) -> String {
        let noScheme = d.replaceAll("trim(\(text))", "^(?i)(whatsapp|tel|sms|sip):", "")
        let compact = d.replaceAll(noScheme, "[ ()/.\t\u{a0}-]", "")
        return "CASE WHEN \(d.matches(compact, "^[+][1-9][0-9]{7,14}$")) THEN substr(\(compact), 2) "
            + "WHEN \(d.matches(compact, "^00[1-9][0-9]{7,14}$")) THEN substr(\(compact), 3) END"
    }

    /// The country of E.164 digits (`SL`, `+881`), `'unknown'` when no code matches.
    static func country(_ digits: String, _ d: BuiltinSQLDialect) -> String {
        caseExpression(digits, callingCodes.map { ($0.code, d.string($0.country)) }, otherwise: "'unknown'")
    }

    /// The name of the country of E.164 digits.
    static func countryName(_ digits: String, _ d: BuiltinSQLDialect) -> String {
        caseExpression(digits, callingCodes.map { ($0.code, d.string($0.name)) }, otherwise: "'unknown'")
    }

    /// The longest listed prefix of E.164 digits, `NULL` when none is listed.
    static func highRiskPrefix(_ digits: String, _ list: [PrefixEntry], _ d: BuiltinSQLDialect) -> String {
        caseExpression(digits, list.map { ($0.prefix, d.string($0.prefix)) }, otherwise: "NULL")
    }

    /// The listed prefixes as a table `(prefix, country, display)`.
    static func prefixTable(_ list: [PrefixEntry], _ d: BuiltinSQLDialect) -> String {
        if list.isEmpty {
            let none = "CAST(NULL AS \(d.textType))"
            return "SELECT \(none) AS prefix, \(none) AS country, \(none) AS display FROM (SELECT 1 AS one) AS nothing WHERE 1 = 0"
        }
        return d.values(list.map { [d.string($0.prefix), d.string($0.country), d.string($0.display)] }, columns: ["prefix", "country", "display"])
    }

    private static func caseExpression(_ digits: String, _ arms: [(String, String)], otherwise: String) -> String {
        guard !arms.isEmpty else { return otherwise }
        return "CASE " + arms.map { "WHEN \(digits) LIKE '\($0.0)%' THEN \($0.1)" }.joined(separator: " ") + " ELSE \(otherwise) END"
    }
}
