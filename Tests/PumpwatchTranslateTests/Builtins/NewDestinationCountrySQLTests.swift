import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class NewDestinationCountrySQLTests: XCTestCase {
    func testPeriodsAndNewness() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-new-destination-country"), target: .duckdb)
        XCTAssertTrue(sql.contains("WHEN x.bucket = c.first_detection - 1 THEN 'boundary'"), sql)
        XCTAssertTrue(sql.contains("WHEN x.bucket BETWEEN c.first_baseline AND c.first_detection - 2 THEN 'baseline'"), sql)
        XCTAssertTrue(sql.contains("c.first_ms > c.end_ms - 86400000"), sql)
        XCTAssertTrue(sql.contains("WHERE b.baseline_total >= 20 AND"), sql)
        XCTAssertTrue(sql.contains(">= 5\n"), sql)
    }

    func testOtherDetectionPeriods() throws {
        let rule = try BuiltinRuleFixtures.packRule("builtin-new-destination-country")
        let context = DetectionContext(nowMillis: 0, baselineMillis: 2 * 86_400_000, detectionWindowMillis: 2 * 3_600_000)
        let sql = try NewDestinationCountrySQL.query(rule: rule, dialect: try BuiltinSQLDialect(target: .spark), context: context)
        XCTAssertTrue(sql.contains("end_bucket - 1 AS first_detection"), sql)
        XCTAssertTrue(sql.contains("greatest(end_bucket - 49, earliest_bucket) AS first_baseline"), sql)
        XCTAssertTrue(sql.contains("c.first_ms > c.end_ms - 7200000"), sql)
        XCTAssertTrue(sql.contains("baseline\\'s"), sql)
    }
}
