import PumpwatchCore
import PumpwatchDetect
import XCTest

final class OTPRequestFloodDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// Seed test 2: 20 ForgotPassword calls in ~10 s from one address, throttled after 5.
    func testForgotPasswordFloodFiresWithThrottledShare() throws {
        let records = (0..<20).map { i in
            H.cognito("ForgotPassword", at: H.t0 + Int64(i) * 480, ip: "198.51.100.23",
                      error: i < 5 ? nil : (i % 4 == 2 ? "TooManyRequestsException" : "LimitExceededException"))
        }
        let findings = try H.run(OTPRequestFloodDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("source.ip"), .string("198.51.100.23"))
        XCTAssertEqual(f.count, 20)
        XCTAssertEqual(H.evidence(f, "peak_requests"), .int(20))
        XCTAssertEqual(H.evidence(f, "throttled"), .int(15))
        XCTAssertEqual(H.evidence(f, "throttled_share"), .double(0.75))
        XCTAssertEqual(H.evidence(f, "actions"), .string("ForgotPassword (20)"))
        let results = try XCTUnwrap(H.evidence(f, "results")?.stringValue)
        XCTAssertTrue(results.contains("LimitExceededException"), results)
        XCTAssertTrue(results.contains("success (5)"), results)
        XCTAssertTrue(f.summary.contains("15 of 20 throttled"), f.summary)
    }

    func testMixedActionsFromOneAddressCount() throws {
        let actions = ["SignUp", "ResendConfirmationCode", "InitiateAuth"]
        let records = (0..<12).map { H.cognito(actions[$0 % 3], at: H.t0 + Int64($0) * 20_000, ip: "203.0.113.9") }
        let findings = try H.run(OTPRequestFloodDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(f(findings).severity, .high, "nothing was throttled: every call may have sent a text")
    }

    private func f(_ findings: [Finding]) -> Finding { findings[0] }

    func testCustomersResettingPasswordsDoNotFire() throws {
        // 300 resets over a day from 150 addresses, each address twice an hour apart.
        var records: [H.Record] = []
        for i in 0..<300 {
            records.append(H.cognito("ForgotPassword", at: H.t0 + Int64(i % 150) * 300_000 + Int64(i / 150) * H.hour, ip: "175.16.199.\(i % 150)"))
        }
        // And unrelated calls from one busy address are not code-sending calls.
        for i in 0..<30 {
            records.append(H.cognito("ConfirmForgotPassword", at: H.t0 + Int64(i) * 1000, ip: "10.0.0.5", destination: nil))
        }
        XCTAssertEqual(try H.run(OTPRequestFloodDetector.self, records).count, 0)
    }

    func testSlowDripStaysUnderTheWindow() throws {
        // 10 calls, but 40 s apart: 8 in any 5 minutes.
        let records = (0..<10).map { H.cognito("SignUp", at: H.t0 + Int64($0) * 40_000, ip: "203.0.113.9") }
        XCTAssertEqual(try H.run(OTPRequestFloodDetector.self, records).count, 0)
        XCTAssertEqual(try H.run(OTPRequestFloodDetector.self, records, parameters: ["window": .string("10m")]).count, 1)
        XCTAssertThrowsError(try H.run(OTPRequestFloodDetector.self, [], parameters: ["actions": .array([])]))
    }
}
