/// A query language or engine that `pumpwatch translate` writes.
public enum TranslationTarget: String, Sendable, CaseIterable {
    case esql, cql, kql, spl, sigma, duckdb, spark

    /// The name people know the target by, for comments in the emitted text.
    public var displayName: String {
        switch self {
        case .esql: return "ES|QL"
        case .cql: return "LogScale (CQL)"
        case .kql: return "KQL (Microsoft Sentinel)"
        case .spl: return "SPL (Splunk)"
        case .sigma: return "Sigma"
        case .duckdb: return "DuckDB SQL"
        case .spark: return "Spark SQL"
        }
    }
}
