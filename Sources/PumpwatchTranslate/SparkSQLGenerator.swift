import PumpwatchQuery

/// Spark SQL over raw JSON text (`spark.read.text`): `get_json_object`, Java regexes with
/// `RLIKE`, backquoted identifiers and backslash escapes in string literals.
final class SparkSQLGenerator: SQLGenerator {
    init(mapping: FieldMapping) {
        super.init(target: .spark, mapping: mapping)
    }

    override func quote(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }

    override func stringLiteral(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    override var stringType: String { "STRING" }

    /// Spark's `CAST` gives null for text that does not convert (outside ANSI mode).
    override func tryCast(_ x: String, _ type: String) -> String { "CAST(\(x) AS \(type))" }

    override func regexSearch(_ subject: String, _ regex: String) -> String { "\(subject) RLIKE \(stringLiteral(regex))" }

    override func regexFullMatch(_ subject: String, _ regex: String) -> String { "\(subject) RLIKE \(stringLiteral(regex))" }

    override func bucket(_ value: String, _ span: TimeSpan) -> String {
        let ms = span.milliseconds
        return "timestamp_millis(CAST(floor(unix_millis(\(value)) / \(ms)) AS BIGINT) * \(ms))"
    }

    override func joinedDistinct(_ x: String, limit: Int?, separator: String) -> String {
        let sorted = "array_sort(collect_set(\(x)))"
        let kept = limit.map { "slice(\(sorted), 1, \($0))" } ?? sorted
        return "nullif(array_join(\(kept), \(separator == "\n" ? "chr(10)" : stringLiteral(separator))), '')"
    }

    override func distinctList(_ x: String) -> String { "collect_set(\(x))" }

    override func latest(_ x: String, by: String) -> String { "max_by(\(x), \(by))" }

    override func integerDivision(_ a: String, _ b: String) -> String { "(\(a) DIV \(b))" }

    override func concatSkippingNulls(_ args: [String]) -> String { "concat_ws('', " + args.joined(separator: ", ") + ")" }

    override func startsWith(_ a: String, _ b: String) -> String { "startswith(\(a), \(b))" }

    override func endsWith(_ a: String, _ b: String) -> String { "endswith(\(a), \(b))" }

    override func unnest(_ x: String) -> String { "explode(\(x))" }

    override func jsonPathLiteral(_ field: String) -> String {
        "$" + field.split(separator: ".").map { part in
            part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? "." + part : "['" + part + "']"
        }.joined()
    }

    override func rawPath(_ field: String) -> String {
        "get_json_object({record}, " + stringLiteral(jsonPathLiteral(field)) + ")"
    }
}
