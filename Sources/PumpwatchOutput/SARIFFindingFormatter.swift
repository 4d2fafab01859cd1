import PumpwatchCore
import PumpwatchDetect

/// Prints findings as one SARIF 2.1.0 log with a single run, for code-scanning style pipelines.
///
/// Each rule that fired becomes a `tool.driver.rules` entry (its level is the highest severity it
/// fired with); each finding becomes a result whose locations are the log files behind it and
/// whose `partialFingerprints` hash the rule id and entities, so the same activity keeps its
/// identity between runs.
public enum SARIFFindingFormatter {
    /// The JSON schema the log names in `$schema`.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public static func render(_ findings: [Finding], summary: HuntSummary) -> String {
        log(findings, summary: summary).text + "\n"
    }

    /// `error` for critical and high, `warning` for medium, `note` for low.
    public static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        }
    }

    /// The SARIF log as a JSON value.
    public static func log(_ findings: [Finding], summary: HuntSummary) -> JSONValue {
        var ruleOrder: [String] = []
        var representative: [String: Finding] = [:]
        for f in findings {
            if let seen = representative[f.ruleID] {
                if f.severity > seen.severity || (f.severity == seen.severity && f.riskScore > seen.riskScore) { representative[f.ruleID] = f }
            } else {
                ruleOrder.append(f.ruleID)
                representative[f.ruleID] = f
            }
        }
        let rules = ruleOrder.compactMap { representative[$0] }.map(rule)
        let results = findings.map { result($0, ruleIndex: ruleOrder.firstIndex(of: $0.ruleID) ?? 0) }
        let run = JSONValue.object([
            ("tool", .object([("driver", .object([
                ("name", .string("pumpwatch")),
                ("rules", .array(rules)),
            ]))])),
            ("results", .array(results)),
            ("properties", .object([("summary", summary.json)])),
        ])
        return .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    private static func rule(_ f: Finding) -> JSONValue {
        let techniques = f.attack.map(AttackTechnique.lookup)
        var full = f.title + "."
        if !techniques.isEmpty {
            full += " MITRE ATT&CK: " + techniques.map { "\($0.id) \($0.qualifiedName)" }.joined(separator: ", ") + "."
        }
        var tags: [JSONValue] = [.string("security")]
        for t in techniques {
            tags.append(.string(t.id))
            tags.append(.string("external/mitre-attack/" + t.id))
        }
        return .object([
            ("id", .string(f.ruleID)),
            ("name", .string(ruleName(f.ruleID))),
            ("shortDescription", .object([("text", .string(f.title))])),
            ("fullDescription", .object([("text", .string(full))])),
            ("defaultConfiguration", .object([("level", .string(level(f.severity)))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("security-severity", .string(securitySeverity(f.riskScore))),
            ])),
        ])
    }

    private static func result(_ f: Finding, ruleIndex: Int) -> JSONValue {
        .object([
            ("ruleId", .string(f.ruleID)),
            ("ruleIndex", .int(Int64(ruleIndex))),
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string(f.summary))])),
            ("locations", .array(f.sources.map { source in
                .object([("physicalLocation", .object([("artifactLocation", .object([("uri", .string(uri(forPath: source)))]))]))])
            })),
            ("partialFingerprints", .object([("pumpwatchFinding/v1", .string(FindingIdentity.fingerprint(f)))])),
            ("properties", .object([
                ("severity", .string(f.severity.rawValue)),
                ("risk_score", .int(Int64(f.riskScore))),
                ("count", .int(Int64(f.count))),
                ("attack", .array(f.attack.map { .string($0) })),
                ("first_seen", .isoTime(f.firstSeen)),
                ("last_seen", .isoTime(f.lastSeen)),
                ("entities", .object(pairs: f.entities)),
                ("evidence", .object(pairs: f.evidence)),
                ("fields", .object(pairs: f.fields)),
                ("title", .string(f.title)),
            ])),
        ])
    }

    /// `logscale-sms-pumping` as `LogscaleSmsPumping`.
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// GitHub's 0.0–10.0 `security-severity` from a 0–100 risk score.
    static func securitySeverity(_ risk: Int) -> String {
        let tenths = max(0, min(100, risk))
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A URI reference for a file path: absolute paths become `file://` URIs; everything outside
    /// RFC 3986's unreserved set and `/` is percent-encoded.
    static func uri(forPath path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for b in path.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~/".contains(c) {
                out.append(c)
            } else {
                let h = String(b, radix: 16, uppercase: true)
                out.append("%" + (h.count == 1 ? "0" + h : h))
            }
        }
        return out
    }
}
