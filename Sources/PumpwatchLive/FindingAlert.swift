import PumpwatchCore
import PumpwatchDetect
import PumpwatchStore

/// Turns findings into the alerts the store keeps.
public enum FindingAlert {
    /// The alert for `finding` under `key`. Entities and evidence are kept as JSON arrays of
    /// `[name, value]` pairs, in the finding's order.
    public static func draft(_ finding: Finding, key: String) -> AlertDraft {
        AlertDraft(
            key: key, ruleID: finding.ruleID, title: finding.title, severity: finding.severity.rawValue,
            riskScore: finding.riskScore, attack: finding.attack, firstSeen: finding.firstSeen, lastSeen: finding.lastSeen,
            count: finding.count, entities: pairs(finding.entities), evidence: pairs(finding.evidence),
            summary: finding.summary, sources: finding.sources)
    }

    /// `[[name, value], ...]` as JSON text.
    public static func pairs(_ pairs: [(String, Value)]) -> String {
        var out = "["
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out += "," }
            out += "["
            JSONWriter.appendString(name, to: &out)
            out += ","
            JSONWriter.append(value, to: &out)
            out += "]"
        }
        return out + "]"
    }
}
