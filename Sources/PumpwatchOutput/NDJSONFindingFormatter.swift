import PumpwatchCore
import PumpwatchDetect

/// Prints findings as newline-delimited JSON, one object per finding in the given order.
///
/// Keys, in order: `rule_id`, `title`, `severity`, `risk_score`, `attack`, `first_seen`,
/// `last_seen` (ISO 8601 UTC or null), `count`, `entities`, `evidence`, `fields` (objects that keep
/// the finding's order), `sources` and `summary`.
public enum NDJSONFindingFormatter {
    /// One line per finding, each ending in a newline; empty for no findings.
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            JSONWriter.append(object(for: f), to: &out)
            out.append("\n")
        }
        return out
    }

    /// The JSON object of one finding.
    public static func object(for f: Finding) -> JSONValue {
        .object([
            ("rule_id", .string(f.ruleID)),
            ("title", .string(f.title)),
            ("severity", .string(f.severity.rawValue)),
            ("risk_score", .int(Int64(f.riskScore))),
            ("attack", .array(f.attack.map { .string($0) })),
            ("first_seen", .isoTime(f.firstSeen)),
            ("last_seen", .isoTime(f.lastSeen)),
            ("count", .int(Int64(f.count))),
            ("entities", .object(pairs: f.entities)),
            ("evidence", .object(pairs: f.evidence)),
            ("fields", .object(pairs: f.fields)),
            ("sources", .array(f.sources.map { .string($0) })),
            ("summary", .string(f.summary)),
        ])
    }
}
