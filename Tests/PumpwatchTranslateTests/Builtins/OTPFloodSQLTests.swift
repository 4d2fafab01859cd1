import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

/// `otp-request-flood` (Cognito calls in CloudTrail) and `otp-endpoint-flood` (web and app requests).
final class OTPFloodSQLTests: XCTestCase {
    func testRequestFloodCountsCognitoCallsPerAddress() throws {
        let rule = BuiltinRuleFixtures.tuned("otp-request-flood", ["actions": .array([.string("SignUp"), .string("ForgotPassword")]), "threshold": .int(25)])
        let sql = try BuiltinSQL.query(for: rule, target: .duckdb)
        XCTAssertTrue(sql.contains("nullif(json->>'$.eventName', '') IN ('SignUp', 'ForgotPassword')"), sql)
        XCTAssertTrue(sql.contains("coalesce(nullif(json->>'$.sourceIPAddress', ''), nullif(json->>'$.userIdentity.arn', ''), 'unknown') AS burst_key"), sql)
        XCTAssertTrue(sql.contains("(time_ms // 150000) AS bucket"), sql)
        XCTAssertTrue(sql.contains("CASE WHEN w_calls >= 25 THEN 1 ELSE 0 END AS hot"), sql)
    }

    func testEndpointFloodMatchesPathsCaseInsensitively() throws {
        let rule = BuiltinRuleFixtures.tuned("otp-endpoint-flood", ["paths": .array([.string("/API/Send-OTP")])])
        let sql = try BuiltinSQL.query(for: rule, target: .spark)
        XCTAssertTrue(sql.contains("(instr(lower(path), '/api/send-otp') > 0)"), sql)
        XCTAssertTrue(sql.contains("FROM web_access"), sql)
        XCTAssertTrue(sql.contains("FROM app_requests"), sql)
        XCTAssertTrue(sql.contains("try_to_timestamp(regexp_extract(value, "), sql)
        XCTAssertTrue(sql.contains("greatest(w_web, w_app) >= 20"), sql)
    }

    func testEndpointFloodRefusesAnEmptyPath() {
        let rule = BuiltinRuleFixtures.tuned("otp-endpoint-flood", ["paths": .array([.string("")])])
        XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .duckdb)) { error in
            XCTAssertEqual("\(error)", "cannot translate parameter paths of rule tuned-otp-endpoint-flood to duckdb: name at least one non-empty path fragment")
        }
    }
}
