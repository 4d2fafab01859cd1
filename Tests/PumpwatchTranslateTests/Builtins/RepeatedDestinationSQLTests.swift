import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class RepeatedDestinationSQLTests: XCTestCase {
    func testPackRuleCountsPerNumberInHalfWindowBuckets() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-repeated-destination"), target: .duckdb)
        XCTAssertTrue(sql.contains("rd_texts AS (SELECT digits AS burst_key, time_ms, view, price FROM outbound_messages WHERE digits IS NOT NULL)"), sql)
        // The default 60s window makes 30s buckets, and five texts fire.
        XCTAssertTrue(sql.contains("SELECT burst_key, (time_ms // 30000) AS bucket, "), sql)
        XCTAssertTrue(sql.contains("CASE WHEN (greatest(w_tm, w_te) + w_tv + greatest(w_sa, w_sd)) >= 5 THEN 1 ELSE 0 END AS hot"), sql)
        XCTAssertTrue(sql.contains(#"CAST(json_object('sms.to', '+' || digits, 'country', country) AS VARCHAR) AS entities"#), sql)
    }

    func testTunedRuleTranslatesWithItsTuning() throws {
        let rule = BuiltinRuleFixtures.tuned("repeated-destination", ["threshold": .int(8), "window": .string("10m")])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("(time_ms DIV 300000) AS bucket"), sql)
        XCTAssertTrue(sql.contains(") >= 8 THEN 1 ELSE 0 END AS hot"), sql)
        XCTAssertTrue(sql.contains("'window', '10m'"), sql)
        XCTAssertTrue(sql.contains("to_json(named_struct('sms.to', '+' || digits, 'country', country)) AS entities"), sql)
    }

    func testBadParameterIsRefusedWithItsName() {
        let rule = BuiltinRuleFixtures.tuned("repeated-destination", ["threshold": .int(1)])
        XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .duckdb)) { error in
            XCTAssertEqual("\(error)", "cannot translate parameter threshold of rule tuned-repeated-destination to duckdb: must be at least 2, found 1")
        }
        let text = BuiltinRuleFixtures.tuned("repeated-destination", ["window": .string("soon")])
        XCTAssertThrowsError(try BuiltinSQL.query(for: text, target: .spark)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot translate parameter window of rule tuned-repeated-destination to spark: expected a duration"), "\(error)")
        }
    }
}
