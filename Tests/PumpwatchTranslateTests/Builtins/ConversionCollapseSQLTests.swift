import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

final class ConversionCollapseSQLTests: XCTestCase {
    func testFlowsAndThresholds() throws {
        let sql = try BuiltinSQL.query(for: try BuiltinRuleFixtures.packRule("builtin-conversion-collapse"), target: .duckdb)
        XCTAssertTrue(sql.contains("SELECT 'twilio-verify' AS flow, CASE WHEN nullif(json->>'$.type', '') LIKE '%.pending' THEN 1 ELSE 0 END AS sent"), sql)
        XCTAssertTrue(sql.contains("OR (nullif(json->>'$.eventName', '') = 'ForgotPassword' AND coalesce(nullif(json->>'$.responseElements.codeDeliveryDetails.deliveryMedium', ''), '') <> 'EMAIL')"), sql)
        XCTAssertTrue(sql.contains("least(0.5, 0.3 * CASE WHEN (b_sent_api + greatest(b_sent_web, b_sent_app)) > 0"), sql)
        XCTAssertTrue(sql.contains("WHERE (b_sent_api + greatest(b_sent_web, b_sent_app)) >= 20 AND (b_verified_api + greatest(b_verified_web, b_verified_app)) > 0"), sql)
        XCTAssertTrue(sql.contains("WHERE (l.sent >= 20 AND l.ratio < l.threshold_ratio) OR s.collapsed_hours > 0"), sql)
        // Verification paths are matched before sending paths, as the detector does.
        XCTAssertTrue(sql.contains("CASE WHEN (instr(lower(path), '/verify-otp') > 0 OR "), sql)
    }

    func testTunedPathsAndRatios() throws {
        let rule = BuiltinRuleFixtures.tuned("conversion-collapse", [
            "send_paths": .array([.string("/Code/Send")]), "verify_paths": .array([.string("/code/check")]),
            "max_ratio": .double(0.4), "min_sent": .int(7),
        ])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("(instr(lower(path), '/code/send') > 0)"), sql)
        XCTAssertTrue(sql.contains("CASE WHEN (instr(lower(path), '/code/check') > 0) THEN 0 ELSE 1 END"), sql)
        XCTAssertTrue(sql.contains("least(0.4, 0.3 * "), sql)
        XCTAssertTrue(sql.contains("WHERE (l.sent >= 7 AND l.ratio < l.threshold_ratio)"), sql)
    }

    func testRatioOutsideItsRangeIsRefused() {
        let rule = BuiltinRuleFixtures.tuned("conversion-collapse", ["relative_threshold": .double(1.5)])
        XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .duckdb)) { error in
            XCTAssertEqual("\(error)", "cannot translate parameter relative_threshold of rule tuned-conversion-collapse to duckdb: must be above 0 and at most 1, found 1.5")
        }
    }
}
