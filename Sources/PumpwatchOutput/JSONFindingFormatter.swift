import PumpwatchCore
import PumpwatchDetect

/// Prints one JSON document holding every finding and the hunt summary:
/// `{"findings": [...], "summary": {...}}`, each finding shaped as in `NDJSONFindingFormatter`.
public enum JSONFindingFormatter {
    public static func render(_ findings: [Finding], summary: HuntSummary) -> String {
        let doc = JSONValue.object([
            ("findings", .array(findings.map(NDJSONFindingFormatter.object(for:)))),
            ("summary", summary.json),
        ])
        return doc.text + "\n"
    }
}
