import XCTest

@testable import PumpwatchTranslate

final class BurstWindowsSQLTests: XCTestCase {
    func testDefinitions() throws {
        let bursts = BurstWindowsSQL(name: "b", source: "calls", aggregates: "count(*) AS n", columns: ["n"], total: { "\($0)n" }, window: 60_000, threshold: 3)
        let text = bursts.definitions(try BuiltinSQLDialect(target: .duckdb)).joined(separator: ",\n")
        XCTAssertEqual(text, Self.golden)
    }

    static let golden = """
        b_cells AS (
          SELECT burst_key, (time_ms // 30000) AS bucket, count(*) AS n, min(time_ms) AS first_ms, max(time_ms) AS last_ms
            FROM calls GROUP BY burst_key, (time_ms // 30000)
        ),
        b_next AS (
          SELECT burst_key, bucket, n, first_ms, last_ms, lead(bucket) OVER w AS n_bucket, lead(n) OVER w AS n_n,
              lead(first_ms) OVER w AS n_first_ms, lead(last_ms) OVER w AS n_last_ms
            FROM b_cells
            WINDOW w AS (PARTITION BY burst_key ORDER BY bucket)
        ),
        b_windows AS (
          SELECT burst_key, bucket, n, first_ms, last_ms, n + CASE WHEN n_bucket = bucket + 1 THEN n_n ELSE 0 END AS w_n,
              CASE WHEN n_bucket = bucket + 1 THEN least(first_ms, n_first_ms) ELSE first_ms END AS w_first_ms,
              CASE WHEN n_bucket = bucket + 1 THEN greatest(last_ms, n_last_ms) ELSE last_ms END AS w_last_ms
            FROM b_next
        ),
        b_flagged AS (
          SELECT *, w_n AS w_total, CASE WHEN w_n >= 3 THEN 1 ELSE 0 END AS hot
            FROM b_windows
        ),
        b_members AS (
          SELECT *, CASE WHEN hot = 1 OR (lag(bucket) OVER w = bucket - 1 AND lag(hot) OVER w = 1) THEN 1 ELSE 0 END AS member
            FROM b_flagged
            WINDOW w AS (PARTITION BY burst_key ORDER BY bucket)
        ),
        b_hot AS (
          SELECT burst_key, bucket, w_total, w_first_ms, w_last_ms,
              CASE WHEN lag(bucket) OVER (PARTITION BY burst_key ORDER BY bucket) = bucket - 1 THEN 0 ELSE 1 END AS new_burst,
              row_number() OVER (PARTITION BY burst_key ORDER BY w_total DESC, bucket) AS peak_rank
            FROM b_flagged WHERE hot = 1
        ),
        b_bursts AS (
          SELECT burst_key, sum(new_burst) AS bursts,
              max(CASE WHEN peak_rank = 1 THEN w_total END) AS peak,
              max(CASE WHEN peak_rank = 1 THEN w_first_ms END) AS peak_first,
              max(CASE WHEN peak_rank = 1 THEN w_last_ms END) AS peak_last
            FROM b_hot GROUP BY burst_key
        ),
        b_found AS (
          SELECT m.burst_key, sum(n) AS n, min(m.first_ms) AS first_ms, max(m.last_ms) AS last_ms,
              max(b.bursts) AS bursts, max(b.peak) AS peak, max(b.peak_first) AS peak_first, max(b.peak_last) AS peak_last
            FROM b_members m JOIN b_bursts b ON b.burst_key = m.burst_key
            WHERE m.member = 1 GROUP BY m.burst_key
        )
        """
}
