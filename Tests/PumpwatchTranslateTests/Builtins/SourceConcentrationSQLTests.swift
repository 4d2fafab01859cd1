import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class SourceConcentrationSQLTests: XCTestCase {
    func testSourcesAreJudgedAgainstTheScaledBaseline() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-source-concentration"), target: .duckdb)
        XCTAssertTrue(sql.contains("THEN CAST(end_bucket - first_detection + 1 AS DOUBLE) / (first_detection - first_baseline) ELSE 0.0 END AS scale"), sql)
        XCTAssertTrue(sql.contains("WHERE calls >= 5 AND CAST(calls AS DOUBLE) >= 3.0 * expected"), sql)
        XCTAssertTrue(sql.contains(") AS r WHERE source_rank <= 3"), sql)
        XCTAssertTrue(sql.contains("HAVING CAST(sum(t.calls) AS DOUBLE) / max(a.all_calls) >= 0.6"), sql)
        XCTAssertTrue(sql.contains("instr(lower(path), '/verify/start') > 0"), sql)
        // Entities name only the dimensions that fired.
        XCTAssertTrue(sql.contains("WHEN principals IS NOT NULL THEN CAST(json_object('api', api, 'principal', principals) AS VARCHAR)"), sql)
    }

    func testTunedActionsAndPaths() throws {
        let rule = BuiltinRuleFixtures.tuned("source-concentration", [
            "cognito_actions": .array([.string("SignUp")]), "paths": .array([.string("/Sms/Go")]), "top_k": .int(1),
        ])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("IN ('SignUp'))"), sql)
        XCTAssertTrue(sql.contains("instr(lower(path), '/sms/go') > 0"), sql)
        XCTAssertTrue(sql.contains("source_rank <= 1"), sql)
        XCTAssertTrue(sql.contains("to_json(named_struct('api', api, 'source.ip', addresses))"), sql)
    }

    func testDetectionPeriodsComeFromTheContext() throws {
        let rule = try BuiltinRuleFixtures.packRule("builtin-source-concentration")
        let context = DetectionContext(nowMillis: 0, baselineMillis: 3 * 86_400_000, detectionWindowMillis: 6 * 3_600_000)
        let sql = try BuiltinSQL.query(for: rule, target: .duckdb, context: context)
        XCTAssertTrue(sql.contains("end_bucket - 5 AS first_detection"), sql)
        XCTAssertTrue(sql.contains("greatest(end_bucket - 77, earliest_bucket) AS first_baseline"), sql)
    }
}
