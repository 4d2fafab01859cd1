/// `BurstCounter` in SQL: counts per key in buckets half a window wide, windows of a bucket and
/// the next one when adjacent (`LEAD`), the windows reaching a threshold, and what they add up to.
///
/// Reads `source`, a relation with the columns `burst_key`, `time_ms` and the rows' tally inputs;
/// ends with `<name>_found`: `burst_key`, the tally columns summed over every bucket that took part
/// in a firing window (each once), `first_ms`, `last_ms`, `bursts` (firing windows not adjacent to
/// the previous firing one, by `LAG`), `peak` (the busiest window's total, the earliest on ties),
/// `peak_first` and `peak_last`.
struct BurstWindowsSQL {
    /// The prefix of the relations' names.
    var name: String
    var source: String
    /// The aggregates that tally a group of source rows, naming each of `columns`.
    var aggregates: String
    var columns: [String]
    /// The total of a tally whose columns carry a prefix.
    var total: (String) -> String
    var window: Int64
    var threshold: Int

    func definitions(_ d: BuiltinSQLDialect) -> [String] {
        let width = max(1, max(2, window) / 2)
        let cols = columns.joined(separator: ", ")
        let lead = columns.map { "lead(\($0)) OVER w AS n_\($0)" }.joined(separator: ", ")
        let windowSums = columns.map { "\($0) + CASE WHEN n_bucket = bucket + 1 THEN n_\($0) ELSE 0 END AS w_\($0)" }.joined(separator: ", ")
        let sums = columns.map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
        let n = name
        return [
            """
            \(n)_cells AS (
              SELECT burst_key, \(d.divide("time_ms", "\(width)")) AS bucket, \(aggregates), min(time_ms) AS first_ms, max(time_ms) AS last_ms
                FROM \(source) GROUP BY burst_key, \(d.divide("time_ms", "\(width)"))
            )
            """,
            """
            \(n)_next AS (
              SELECT burst_key, bucket, \(cols), first_ms, last_ms, lead(bucket) OVER w AS n_bucket, \(lead),
                  lead(first_ms) OVER w AS n_first_ms, lead(last_ms) OVER w AS n_last_ms
                FROM \(n)_cells
                WINDOW w AS (PARTITION BY burst_key ORDER BY bucket)
            )
            """,
            """
            \(n)_windows AS (
              SELECT burst_key, bucket, \(cols), first_ms, last_ms, \(windowSums),
                  CASE WHEN n_bucket = bucket + 1 THEN least(first_ms, n_first_ms) ELSE first_ms END AS w_first_ms,
                  CASE WHEN n_bucket = bucket + 1 THEN greatest(last_ms, n_last_ms) ELSE last_ms END AS w_last_ms
                FROM \(n)_next
            )
            """,
            """
            \(n)_flagged AS (
              SELECT *, \(total("w_")) AS w_total, CASE WHEN \(total("w_")) >= \(threshold) THEN 1 ELSE 0 END AS hot
                FROM \(n)_windows
            )
            """,
            // A bucket counts once when its own window or the window before it fires.
            """
            \(n)_members AS (
              SELECT *, CASE WHEN hot = 1 OR (lag(bucket) OVER w = bucket - 1 AND lag(hot) OVER w = 1) THEN 1 ELSE 0 END AS member
                FROM \(n)_flagged
                WINDOW w AS (PARTITION BY burst_key ORDER BY bucket)
            )
            """,
            """
            \(n)_hot AS (
              SELECT burst_key, bucket, w_total, w_first_ms, w_last_ms,
                  CASE WHEN lag(bucket) OVER (PARTITION BY burst_key ORDER BY bucket) = bucket - 1 THEN 0 ELSE 1 END AS new_burst,
                  row_number() OVER (PARTITION BY burst_key ORDER BY w_total DESC, bucket) AS peak_rank
                FROM \(n)_flagged WHERE hot = 1
            )
            """,
            """
            \(n)_bursts AS (
              SELECT burst_key, sum(new_burst) AS bursts,
                  max(CASE WHEN peak_rank = 1 THEN w_total END) AS peak,
                  max(CASE WHEN peak_rank = 1 THEN w_first_ms END) AS peak_first,
                  max(CASE WHEN peak_rank = 1 THEN w_last_ms END) AS peak_last
                FROM \(n)_hot GROUP BY burst_key
            )
            """,
            """
            \(n)_found AS (
              SELECT m.burst_key, \(sums), min(m.first_ms) AS first_ms, max(m.last_ms) AS last_ms,
                  max(b.bursts) AS bursts, max(b.peak) AS peak, max(b.peak_first) AS peak_first, max(b.peak_last) AS peak_last
                FROM \(n)_members m JOIN \(n)_bursts b ON b.burst_key = m.burst_key
                WHERE m.member = 1 GROUP BY m.burst_key
            )
            """,
        ]
    }
}
