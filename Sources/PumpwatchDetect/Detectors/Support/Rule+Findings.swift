import PumpwatchCore

extension Rule {
    /// A finding of this rule: its id, title and ATT&CK techniques, and its risk score unless
    /// the detector raised or lowered the severity.
    func finding(
        severity: Severity? = nil, firstSeen: Int64?, lastSeen: Int64?, count: Int, entities: [(String, Value)],
        evidence: [(String, Value)], fields: [(String, Value)] = [], sources: [String], summary: String
    ) -> Finding {
        let s = severity ?? self.severity
        return Finding(
            ruleID: id, title: title, severity: s, riskScore: s == self.severity ? effectiveRiskScore : s.defaultRiskScore,
            attack: attack, firstSeen: firstSeen, lastSeen: lastSeen, count: count, entities: entities, evidence: evidence,
            fields: fields, sources: sources, summary: summary)
    }
}

extension Severity {
    /// The severity `steps` levels higher, at most critical.
    func raised(_ steps: Int = 1) -> Severity {
        let all = Severity.allCases
        return all[min(all.count - 1, all.firstIndex(of: self)! + steps)]
    }
}

/// Formatting shared by the detectors' evidence and summaries.
enum EvidenceText {
    /// `60s`, `5m`, `1h`, `1d` (or milliseconds).
    static func duration(_ ms: Int64) -> String {
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms % size == 0 && ms >= size {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }

    /// A measured span for people: `850ms`, `5.3s`, `12m 5s`, `3h 20m`.
    static func span(_ ms: Int64) -> String {
        if ms < 1000 { return "\(max(0, ms))ms" }
        if ms < 60_000 {
            let tenths = (ms + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        if ms < 3_600_000 {
            let s = ms / 1000
            return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m \(s % 60)s"
        }
        let m = ms / 60_000
        return m % 60 == 0 ? "\(m / 60)h" : "\(m / 60)h \(m % 60)m"
    }

    /// A high-risk list entry as evidence: `+232 SL`, or `+882` for ranges named by their code.
    static func prefix(_ e: HighRiskPrefixes.Entry) -> String {
        e.country == e.display || e.country.isEmpty ? e.display : e.display + " " + e.country
    }

    /// `$12.34` (four decimals below a dollar).
    static func money(_ usd: Double) -> String {
        let places = usd < 1 ? 4 : 2
        return "$" + Value.format(double: Statistics.rounded(usd, places))
    }

    /// `42%`, `3.5%`.
    static func percent(_ share: Double) -> String {
        let p = share * 100
        return (p >= 10 || p == p.rounded() ? String(Int(p.rounded())) : Value.format(double: Statistics.rounded(p, 1))) + "%"
    }

    /// A list of strings as a multi-value.
    static func list(_ items: [String]) -> Value {
        .array(items.map(Value.string))
    }

    /// Counts as `a (3), b (2)`.
    static func counts(_ pairs: [(String, Int)]) -> String {
        pairs.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
    }
}
