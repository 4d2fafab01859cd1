import PumpwatchDetect

/// Renders a hunt's findings in the format `--format` names.
public enum FindingFormatter {
    /// The findings, in the order given, as text ending with a newline.
    ///
    /// `table` and `json` include the summary; `sarif` keeps it in the run's properties;
    /// `ndjson`, `ecs` and `ocsf` print one line per finding and nothing else (so nothing at all
    /// when there are no findings).
    public static func render(_ findings: [Finding], as format: FindingFormat, summary: HuntSummary) -> String {
        switch format {
        case .table: return TableFindingFormatter.render(findings, summary: summary)
        case .json: return JSONFindingFormatter.render(findings, summary: summary)
        case .ndjson: return NDJSONFindingFormatter.render(findings)
        case .ecs: return ECSFindingFormatter.render(findings, summary: summary)
        case .ocsf: return OCSFFindingFormatter.render(findings, summary: summary)
        case .sarif: return SARIFFindingFormatter.render(findings, summary: summary)
        }
    }
}
