import PumpwatchCore
import PumpwatchDetect
import XCTest

final class ConversionCollapseDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// A week of mobile sign-ins through Twilio Verify, 9 in 10 approved; `attack` unverified sends on the last day.
    func verifyWeek(attack: Int) -> [H.Record] {
        var records: [H.Record] = []
        for i in 0..<(7 * 24) {
            let t = H.t0 - 6 * H.day + Int64(i) * H.hour
            records.append(H.verifyEvent(at: t, to: "+1415555\(String(format: "%04d", i))", sid: "VEb\(i)", status: "pending"))
            if i % 10 != 0 { records.append(H.verifyEvent(at: t + 30_000, to: "+1415555\(String(format: "%04d", i))", sid: "VEb\(i)", status: "approved")) }
        }
        for i in 0..<attack {
            records.append(H.verifyEvent(at: H.t0 + 12 * H.hour + Int64(i) * 60_000, to: "+6281234567\(String(format: "%03d", i))", sid: "VEa\(i)", status: "pending"))
        }
        return records
    }

    func testVerifyConversionCollapseFires() throws {
        let findings = try H.run(ConversionCollapseDetector.self, verifyWeek(attack: 80))
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("flow"), .string("twilio-verify"))
        let sent = try XCTUnwrap(H.evidence(f, "sent")?.intValue)
        let verified = try XCTUnwrap(H.evidence(f, "verified")?.intValue)
        XCTAssertGreaterThanOrEqual(sent, 100)
        XCTAssertLessThan(Double(verified) / Double(sent), 0.3)
        XCTAssertEqual(H.evidence(f, "baseline_ratio")?.doubleValue ?? 0, 0.9, accuracy: 0.02)
        XCTAssertLessThan(H.evidence(f, "worst_hour_ratio")?.doubleValue ?? 1, 0.05)
    }

    func testSteadyConversionDoesNotFire() throws {
        XCTAssertEqual(try H.run(ConversionCollapseDetector.self, verifyWeek(attack: 0)).count, 0)
        XCTAssertEqual(try H.run(ConversionCollapseDetector.self, verifyWeek(attack: 10)).count, 0, "too few sends to judge")
    }

    func testCognitoSignUpsWithoutConfirmationFire() throws {
        var records: [H.Record] = []
        for i in 0..<(6 * 12) {
            let t = H.t0 - 6 * H.day + Int64(i) * 2 * H.hour
            records.append(H.cognito("SignUp", at: t, ip: "73.162.1.\(i)", destination: "+********6535", userAgent: "Mozilla/5.0"))
            if i % 5 != 0 { records.append(H.cognito("ConfirmSignUp", at: t + 60_000, ip: "73.162.1.\(i)", destination: nil, userAgent: "Mozilla/5.0")) }
            // Resets by email do not count as texts sent.
            records.append(H.cognito("ForgotPassword", at: t + 90_000, ip: "73.162.2.\(i)", destination: "c***@e***", medium: "EMAIL"))
        }
        for i in 0..<40 {
            records.append(H.cognito("SignUp", at: H.t0 + Int64(i) * 300_000, ip: "203.0.113.\(100 + i % 12)", destination: "+************4567", userAgent: "Mozilla/5.0"))
        }
        let findings = try H.run(ConversionCollapseDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("flow") }, [.string("cognito-signup")])
        XCTAssertEqual(H.evidence(findings[0], "baseline_ratio")?.doubleValue ?? 0, 0.8, accuracy: 0.05)
    }

    func testAppPathsCountOnceAcrossLogs() throws {
        var records: [H.Record] = []
        for i in 0..<(7 * 24) {
            let t = H.t0 - 6 * H.day + Int64(i) * H.hour
            for r in [H.accessLine(at: t, ip: "73.1.1.\(i % 200)", path: "/api/auth/send-otp", status: 200),
                      H.accessLine(at: t + 40_000, ip: "73.1.1.\(i % 200)", path: "/api/auth/verify-otp", status: 200),
                      H.appRequest(at: t, ip: "73.1.1.\(i % 200)", path: "/api/auth/send-otp", status: 200),
                      H.appRequest(at: t + 40_000, ip: "73.1.1.\(i % 200)", path: "/api/auth/verify-otp", status: 200)] {
                records.append(r)
            }
        }
        XCTAssertEqual(try H.run(ConversionCollapseDetector.self, records).count, 0)
        for i in 0..<60 {
            let t = H.t0 + 14 * H.hour + Int64(i) * 24_000
            records.append(H.accessLine(at: t, ip: "203.0.113.2\(i % 3)", path: "/api/auth/send-otp", status: 200))
            records.append(H.appRequest(at: t, ip: "203.0.113.2\(i % 3)", path: "/api/auth/send-otp", status: 200))
            // Rate-limited requests sent nothing.
            records.append(H.accessLine(at: t + 1, ip: "203.0.113.2\(i % 3)", path: "/api/auth/send-otp", status: 429))
        }
        let findings = try H.run(ConversionCollapseDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("flow") }, [.string("app-otp")])
        XCTAssertEqual(H.evidence(findings[0], "baseline_ratio"), .double(1))
        let sent = try XCTUnwrap(H.evidence(findings[0], "sent")?.intValue)
        XCTAssertEqual(sent, 60 + 24, accuracy: 1)
    }
}
