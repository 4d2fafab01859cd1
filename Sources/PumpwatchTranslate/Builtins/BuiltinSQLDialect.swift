import PumpwatchDetect

/// How DuckDB and Spark SQL spell what the built-in detectors' SQL forms need: reading a field of
/// the raw JSON record, parsing dates, regexes, ordered lists and JSON objects.
///
/// Both engines are expected to run with the session time zone UTC (`SET TimeZone='UTC'`,
/// `spark.sql.session.timeZone=UTC`); dates without a zone are read as UTC.
public struct BuiltinSQLDialect: Sendable {
    /// The engine the text is written for (`.duckdb` or `.spark`).
    public let target: TranslationTarget

    /// The dialect of `target`; throws for targets that are not SQL engines.
    public init(target: TranslationTarget) throws(TranslationError) {
        guard target == .duckdb || target == .spark else {
            throw TranslationError("built-in detector", to: target, "built-in detectors have SQL forms for duckdb and spark only; \(target.displayName) has no equivalent of their windows and joins")
        }
        self.target = target
    }

    var isSpark: Bool { target == .spark }

    /// The column of every raw table that holds the record's JSON text.
    var recordColumn: String { isSpark ? "value" : "json" }

    /// The text type.
    var textType: String { isSpark ? "STRING" : "VARCHAR" }

    /// A string literal.
    func string(_ s: String) -> String {
        if isSpark {
            return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A scalar of the record as text, `NULL` when missing, null or empty (`$.a.b` paths).
    func field(_ path: String, of record: String? = nil) -> String {
        let r = record ?? recordColumn
        let jsonPath = "$." + path
        if isSpark { return "nullif(get_json_object(\(r), \(string(jsonPath))), '')" }
        return "nullif(\(r)->>\(string(jsonPath)), '')"
    }

    /// Epoch milliseconds of an ISO 8601 date text (`2026-11-22T10:00:00Z`, `2026-11-22 13:00:01.407`).
    func isoMillis(_ x: String) -> String {
        if isSpark { return "unix_millis(try_cast(\(x) AS TIMESTAMP))" }
        return "epoch_ms(TRY_CAST(\(x) AS TIMESTAMPTZ))"
    }

    /// Epoch milliseconds of an RFC 2822 date text (`Sun, 22 Nov 2026 11:00:00 +0000`).
    func rfc2822Millis(_ x: String) -> String {
        let day = replaceAll(x, "^[A-Za-z]+, *", "")
        if isSpark { return "unix_millis(try_to_timestamp(\(day), 'd MMM yyyy HH:mm:ss Z'))" }
        return "epoch_ms(try_strptime(\(day), '%d %b %Y %H:%M:%S %z'))"
    }

    /// Epoch milliseconds of a date in either form.
    func dateMillis(_ x: String) -> String {
        "coalesce(\(isoMillis(x)), \(rfc2822Millis(x)))"
    }

    /// True when the regex matches somewhere in `x` (RE2 and Java regexes agree on the ones used here).
    func matches(_ x: String, _ regex: String) -> String {
        isSpark ? "(\(x) RLIKE \(string(regex)))" : "regexp_matches(\(x), \(string(regex)))"
    }

    /// `x` with every match of `regex` replaced.
    func replaceAll(_ x: String, _ regex: String, _ replacement: String) -> String {
        isSpark ? "regexp_replace(\(x), \(string(regex)), \(string(replacement)))" : "regexp_replace(\(x), \(string(regex)), \(string(replacement)), 'g')"
    }

    /// A number from text, `NULL` when it is not one.
    func double(_ x: String) -> String {
        isSpark ? "try_cast(\(x) AS DOUBLE)" : "TRY_CAST(\(x) AS DOUBLE)"
    }

    /// Whole-number division of non-negative integers.
    func divide(_ a: String, _ b: String) -> String {
        isSpark ? "(\(a) DIV \(b))" : "(\(a) // \(b))"
    }

    /// An integer as text.
    func text(_ x: String) -> String { "CAST(\(x) AS \(textType))" }

    /// The aggregate list of `value` ordered by `key` (both non-null), keeping repeats.
    func orderedList(_ value: String, by key: String) -> String {
        if isSpark { return "transform(array_sort(collect_list(named_struct('k', \(key), 'v', \(value)))), e -> e.v)" }
        return "list(\(value) ORDER BY \(key))"
    }

    /// The aggregate text of `value` joined with `separator` in the order of `key`.
    func joined(_ value: String, by key: String, separator: String) -> String {
        if isSpark { return "array_join(\(orderedList(value, by: key)), \(string(separator)))" }
        return "string_agg(\(value), \(string(separator)) ORDER BY \(key))"
    }

    /// A JSON object text with these keys (JSON object keys in this order) and values.
    func jsonObject(_ pairs: [(String, String)]) -> String {
        let args = pairs.map { "\(string($0.0)), \($0.1)" }.joined(separator: ", ")
        if isSpark { return "to_json(named_struct(\(args)))" }
        return "CAST(json_object(\(args)) AS VARCHAR)"
    }

    /// The rows of a literal table: `VALUES (...), (...)` with column names.
    func values(_ rows: [[String]], columns: [String]) -> String {
        let body = rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", ")
        return "SELECT * FROM (VALUES \(body)) AS t(\(columns.joined(separator: ", ")))"
    }
}

extension BuiltinSQLDialect {
    /// Epoch milliseconds as ISO 8601 text (`2026-11-22T10:00:00.000Z`), as findings print dates.
    func isoText(_ ms: String) -> String {
        if isSpark { return "date_format(timestamp_millis(\(ms)), \"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'\")" }
        return "strftime(make_timestamp(CAST(\(ms) AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S.%gZ')"
    }

    /// Texts joined with `, `, skipping NULLs.
    func joinPresent(_ parts: [String]) -> String {
        "concat_ws(', ', " + parts.joined(separator: ", ") + ")"
    }
}
