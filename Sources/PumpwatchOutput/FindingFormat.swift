/// The output formats `pumpwatch hunt --format` accepts.
public enum FindingFormat: String, Sendable, Hashable, CaseIterable {
    /// A ranked text view that fits an 80-column terminal.
    case table
    /// One JSON document: `{"findings": [...], "summary": {...}}`.
    case json
    /// One JSON object per finding per line.
    case ndjson
    /// One Elastic Common Schema alert document per line.
    case ecs
    /// One OCSF 1.3 Detection Finding per line.
    case ocsf
    /// One SARIF 2.1.0 log with a single run.
    case sarif
}
