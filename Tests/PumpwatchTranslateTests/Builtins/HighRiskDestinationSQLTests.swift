import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class HighRiskDestinationSQLTests: XCTestCase {
    func testPackRuleUsesTheBundledList() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-high-risk-destination"), target: .duckdb)
        XCTAssertTrue(sql.contains("('232', 'SL', '+232 SL')"), sql)
        XCTAssertTrue(sql.contains("('881', '+881', '+881')"), sql)
        XCTAssertTrue(sql.contains("WHERE s.risky >= 10 AND s.share >= 0.2"), sql)
        XCTAssertTrue(sql.contains("AND NOT (coalesce(s.base_total, 0) >= 20 AND s.share < s.base_share * 3.0)"), sql)
        // The detection window is the 24 hours up to the data's end, the baseline 168 before it.
        XCTAssertTrue(sql.contains("SELECT end_ms, end_bucket, end_bucket - 23 AS first_detection"), sql)
        XCTAssertTrue(sql.contains("greatest(end_bucket - 191, earliest_bucket) AS first_baseline"), sql)
    }

    func testPrefixListParameterReplacesTheBundledList() throws {
        let rule = BuiltinRuleFixtures.tuned("high-risk-destination", ["high_risk_prefixes": .array([.string("+232"), .string("+1876")]), "min_share": .double(0.5)])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("hr_prefixes AS (SELECT * FROM (VALUES ('1876', 'JM', '+1876 JM'), ('232', 'SL', '+232 SL')) AS t(prefix, country, display))"), sql)
        XCTAssertFalse(sql.contains("'881'"), sql)
        XCTAssertTrue(sql.contains("s.share >= 0.5"), sql)
    }

    func testBadPrefixIsRefusedWithTheParameter() {
        let rule = BuiltinRuleFixtures.tuned("high-risk-destination", ["high_risk_prefixes": .array([.string("+0232")])])
        XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .duckdb)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot translate parameter high_risk_prefixes of rule tuned-high-risk-destination to duckdb: "), "\(error)")
        }
    }
}
