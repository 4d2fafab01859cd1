import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class SequentialBlockSQLTests: XCTestCase {
    func testRunsAreIslandsOfConsecutivePositions() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-sequential-block"), target: .duckdb)
        XCTAssertTrue(sql.contains("SELECT substr(digits, 1, length(digits) - 2) AS prefix, CAST(substr(digits, length(digits) - 1) AS INT) AS idx"), sql)
        XCTAssertTrue(sql.contains("idx - row_number() OVER (PARTITION BY prefix, bucket ORDER BY idx) AS island"), sql)
        XCTAssertTrue(sql.contains("HAVING sum(run_length) >= 5 OR max(run_length) >= 4"), sql)
        // A window is a bucket and the next one.
        XCTAssertTrue(sql.contains("(x.bucket = c.bucket OR x.bucket = c.bucket + 1)"), sql)
        XCTAssertTrue(sql.contains("'+' || f.prefix || 'xx' AS block"), sql)
    }

    func testTunedBlockDigitsAndThresholds() throws {
        let rule = BuiltinRuleFixtures.tuned("sequential-block", ["block_digits": .int(3), "min_distinct": .int(12), "min_run": .int(6), "window": .string("2h")])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("length(digits) - 3) AS prefix"), sql)
        XCTAssertTrue(sql.contains("(time_ms DIV 3600000) AS bucket"), sql)
        XCTAssertTrue(sql.contains("HAVING sum(run_length) >= 12 OR max(run_length) >= 6"), sql)
        XCTAssertTrue(sql.contains("'+' || f.prefix || 'xxx' AS block"), sql)
    }

    func testBlockDigitsOutsideTheDetectorsRangeAreRefused() {
        let rule = BuiltinRuleFixtures.tuned("sequential-block", ["block_digits": .int(5)])
        XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .duckdb)) { error in
            XCTAssertEqual("\(error)", "cannot translate parameter block_digits of rule tuned-sequential-block to duckdb: must be 2, 3 or 4, found 5")
        }
    }
}
