import PumpwatchQuery

/// DuckDB SQL over raw JSON records (`read_ndjson_objects`): RE2 regexes, `time_bucket`,
/// `list` aggregates and `TRY_CAST`.
final class DuckDBGenerator: SQLGenerator {
    init(mapping: FieldMapping) {
        super.init(target: .duckdb, mapping: mapping)
    }

    override func bucket(_ value: String, _ span: TimeSpan) -> String {
        "time_bucket(\(intervalText(span)), \(value), TIMESTAMP '1970-01-01 00:00:00')"
    }

    func intervalText(_ span: TimeSpan) -> String {
        "INTERVAL '\(span.amount) \(span.unit.rawValue)\(span.amount == 1 ? "" : "s")'"
    }

    override func joinedDistinct(_ x: String, limit: Int?, separator: String) -> String {
        let sorted = "list_sort(list(DISTINCT \(x)))"
        let kept = limit.map { "list_slice(\(sorted), 1, \($0))" } ?? sorted
        return "nullif(array_to_string(\(kept), \(separatorLiteral(separator))), '')"
    }

    /// A separator as DuckDB writes it (`chr(10)` for a newline).
    func separatorLiteral(_ s: String) -> String {
        s == "\n" ? "chr(10)" : stringLiteral(s)
    }

    override func regexProblem(_ regex: String) -> String? { PatternText.re2Problem(regex) }
}
