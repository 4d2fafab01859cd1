import PumpwatchDetect

/// The result columns every built-in SQL form ends with, and the pieces of them that depend on
/// the rule: its id, its severity raised one step when a condition holds, and its risk score.
struct FindingRowSQL {
    let rule: Rule
    let dialect: BuiltinSQLDialect

    /// The severity, one level higher when `raised` holds (as the detectors raise it).
    func severity(raisedWhen raised: String?) -> String {
        let base = rule.severity
        guard let raised else { return dialect.string(base.rawValue) }
        let all = Severity.allCases
        let higher = all[min(all.count - 1, all.firstIndex(of: base)! + 1)]
        return "CASE WHEN \(raised) THEN \(dialect.string(higher.rawValue)) ELSE \(dialect.string(base.rawValue)) END"
    }

    /// The risk score of a finding with severity `severity` (a column holding the raw value):
    /// the rule's own score at its own severity, the severity's default otherwise.
    func riskScore(_ severity: String) -> String {
        var arms = "WHEN \(severity) = \(dialect.string(rule.severity.rawValue)) THEN \(rule.effectiveRiskScore)"
        for s in Severity.allCases where s != rule.severity {
            arms += " WHEN \(severity) = \(dialect.string(s.rawValue)) THEN \(s.defaultRiskScore)"
        }
        return "CAST(CASE \(arms) END AS INT)"
    }

    /// The final `SELECT` over `relation`, whose columns give each result column's value.
    func select(from relation: String, firstSeen: String, lastSeen: String, count: String, severity: String,
                summary: String, entities: [(String, String)], evidence: [(String, String)]) -> String {
        select(from: relation, firstSeen: firstSeen, lastSeen: lastSeen, count: count, severity: severity, summary: summary,
               entitiesObject: dialect.jsonObject(entities), evidence: evidence)
    }

    /// The final `SELECT`, with an expression giving the entities' JSON object text (for entities
    /// present in some findings only).
    func select(from relation: String, firstSeen: String, lastSeen: String, count: String, severity: String,
                summary: String, entitiesObject: String, evidence: [(String, String)]) -> String {
        """
        SELECT rule_id, first_seen, last_seen, event_count, severity, \(riskScore("severity")) AS risk_score, summary, entities, evidence
        FROM (
          SELECT \(dialect.string(rule.id)) AS rule_id, CAST(\(firstSeen) AS BIGINT) AS first_seen, CAST(\(lastSeen) AS BIGINT) AS last_seen,
            CAST(\(count) AS BIGINT) AS event_count, \(severity) AS severity, \(summary) AS summary,
            \(entitiesObject) AS entities,
            \(dialect.jsonObject(evidence)) AS evidence
          FROM \(relation)
        ) AS findings
        ORDER BY first_seen, summary
        """
    }

    /// A full query: the common table expressions, then the final select.
    static func query(_ definitions: [String], _ select: String, comment: String) -> String {
        "-- \(comment)\nWITH " + definitions.joined(separator: ",\n") + "\n" + select + "\n"
    }
}
