import PumpwatchDetect

/// The SQL form of `sequential-block`: texts to many numbers of one block, or to a run of
/// consecutive numbers, within `window`.
///
/// As the detector does, a block is a number without its last `block_digits` digits, counted in
/// buckets half a window wide; a window is a bucket and the next one. A window fires with
/// `min_distinct` distinct numbers, or with a run of `min_run` consecutive ones, found by gaps and
/// islands (`position − row_number()` is constant along a run). The finding adds up every bucket
/// of a firing window.
public enum SequentialBlockSQL: BuiltinSQLForm {
    public static let detectorName = "sequential-block"

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let blockDigits = try p.int("block_digits", default: 2)
        let minDistinct = try p.int("min_distinct", default: 5)
        let minRun = try p.int("min_run", default: 4)
        let window = try p.duration("window", default: 3_600_000)
        let maxSamples = try p.int("max_samples", default: 10)
        _ = try p.int("dedupe_capacity", default: 200_000)
        _ = try p.int("max_tracked", default: 2_000_000)
        try p.require((2...4).contains(blockDigits), "block_digits", "must be 2, 3 or 4, found \(blockDigits)")
        try p.require(minDistinct >= 2, "min_distinct", "must be at least 2, found \(minDistinct)")
        try p.require(minRun >= 2, "min_run", "must be at least 2, found \(minRun)")
        try p.require(window >= 1000, "window", "must be at least 1s")
        try p.require(maxSamples >= 1, "max_samples", "must be at least 1")
        let width = max(1, window / 2)
        let n = blockDigits
        let t = MessageTallySQL.self
        let row = FindingRowSQL(rule: rule, dialect: d)
        let firstNumber = "prefix || lpad(\(d.text("first_index")), \(n), '0')"

        var defs = OutboundMessagesSQL.definitions(d)
        defs.append("""
            sb_texts AS (
              SELECT substr(digits, 1, length(digits) - \(n)) AS prefix, CAST(substr(digits, length(digits) - \(n - 1)) AS INT) AS idx,
                  \(d.divide("time_ms", "\(width)")) AS bucket, time_ms, view, price, caller_arn, source_ip
                FROM outbound_messages WHERE digits IS NOT NULL
            )
            """)
        defs.append("""
            sb_cells AS (
              SELECT prefix, bucket, \(t.aggregates), min(time_ms) AS first_ms, max(time_ms) AS last_ms
                FROM sb_texts GROUP BY prefix, bucket
            )
            """)
        // The distinct positions of each window: its bucket's and the next bucket's.
        defs.append("""
            sb_window_positions AS (
              SELECT DISTINCT c.prefix, c.bucket, x.idx
                FROM sb_cells c JOIN sb_texts x ON x.prefix = c.prefix AND (x.bucket = c.bucket OR x.bucket = c.bucket + 1)
            )
            """)
        defs.append("""
            sb_window_runs AS (
              SELECT prefix, bucket, island, count(*) AS run_length
                FROM (SELECT prefix, bucket, idx - row_number() OVER (PARTITION BY prefix, bucket ORDER BY idx) AS island FROM sb_window_positions) AS i
                GROUP BY prefix, bucket, island
            )
            """)
        defs.append("""
            sb_hot AS (
              SELECT prefix, bucket, sum(run_length) AS distinct_numbers, max(run_length) AS longest_run
                FROM sb_window_runs GROUP BY prefix, bucket
                HAVING sum(run_length) >= \(minDistinct) OR max(run_length) >= \(minRun)
            )
            """)
        defs.append("""
            sb_members AS (
              SELECT DISTINCT c.prefix, c.bucket
                FROM sb_cells c JOIN sb_hot h ON h.prefix = c.prefix AND (c.bucket = h.bucket OR c.bucket = h.bucket + 1)
            )
            """)
        defs.append("""
            sb_found AS (
              SELECT c.prefix, \(t.sums("c.")), min(c.first_ms) AS first_ms, max(c.last_ms) AS last_ms
                FROM sb_cells c JOIN sb_members m ON m.prefix = c.prefix AND m.bucket = c.bucket
                GROUP BY c.prefix
            )
            """)
        defs.append("""
            sb_positions AS (
              SELECT DISTINCT x.prefix, x.idx
                FROM sb_texts x JOIN sb_members m ON m.prefix = x.prefix AND m.bucket = x.bucket
            )
            """)
        defs.append("""
            sb_runs AS (
              SELECT prefix, island, count(*) AS run_length, min(idx) AS run_start
                FROM (SELECT prefix, idx, idx - row_number() OVER (PARTITION BY prefix ORDER BY idx) AS island FROM sb_positions) AS i
                GROUP BY prefix, island
            )
            """)
        defs.append("""
            sb_numbers AS (
              SELECT prefix, sum(run_length) AS distinct_numbers, max(run_length) AS longest_run, min(run_start) AS first_index,
                  min(CASE WHEN rank_by_length = 1 THEN run_start END) AS run_start
                FROM (SELECT *, row_number() OVER (PARTITION BY prefix ORDER BY run_length DESC, run_start) AS rank_by_length FROM sb_runs) AS r
                GROUP BY prefix
            )
            """)
        defs.append("""
            sb_peak AS (
              SELECT prefix, distinct_numbers AS peak_distinct FROM (
                SELECT *, row_number() OVER (PARTITION BY prefix ORDER BY distinct_numbers DESC, longest_run DESC, bucket) AS nth FROM sb_hot
              ) AS h WHERE nth = 1
            )
            """)
        defs.append("""
            sb_result AS (
              SELECT f.*, x.distinct_numbers, x.longest_run, x.run_start, x.first_index, k.peak_distinct,
                  '+' || f.prefix || '\(String(repeating: "x", count: n))' AS block,
                  \(t.total("f.")) AS total, \(t.cost("f.")) AS cost
                FROM sb_found f JOIN sb_numbers x ON x.prefix = f.prefix JOIN sb_peak k ON k.prefix = f.prefix
            )
            """)
        defs.append("""
            sb_described AS (
              SELECT *, \(PhoneLookupSQL.country(firstNumber, d)) AS country,
                  \(PhoneLookupSQL.highRiskPrefix(firstNumber, PhoneLookupSQL.standardHighRisk, d)) AS risky_prefix
                FROM sb_result
            )
            """)
        let severity = row.severity(raisedWhen: "risky_prefix IS NOT NULL OR distinct_numbers >= \(minDistinct * 4)")
        let runFrom = "'+' || prefix || lpad(\(d.text("run_start")), \(n), '0')"
        let runTo = "'+' || prefix || lpad(\(d.text("run_start + longest_run - 1")), \(n), '0')"
        let summary = "\(d.text("distinct_numbers")) || ' distinct numbers in block ' || block || ' (' || country || '), longest consecutive run ' || \(d.text("longest_run"))"
            + " || ', ' || \(d.text("total")) || ' texts between ' || \(d.isoText("first_ms")) || ' and ' || \(d.isoText("last_ms"))"
        let select = row.select(
            from: "sb_described",
            firstSeen: "first_ms", lastSeen: "last_ms", count: "total", severity: severity, summary: summary,
            entities: [("block", "block"), ("country", "country")],
            evidence: [
                ("block", "block"), ("distinct_numbers", "distinct_numbers"), ("longest_run", "longest_run"),
                ("run_from", runFrom), ("run_to", runTo), ("peak_distinct_in_window", "peak_distinct"),
                ("messages", "total"), ("min_distinct", "\(minDistinct)"), ("min_run", "\(minRun)"),
                ("window", d.string(RepeatedDestinationSQL.durationText(window))), ("logs", t.logs("", d)),
                ("cost_usd", "round(cost, 4)"), ("high_risk_prefix", "risky_prefix"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
