import PumpwatchCore
import PumpwatchDetect
import XCTest

final class SourceConcentrationDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    static let notifier = "arn:aws:sts::123456789012:assumed-role/order-sms-notifier/order-sms-notifier"

    /// A Lambda texting customers about once an hour for a week, from one address.
    static func notifierWeek(until end: Int64, every: Int64 = H.hour) -> [H.Record] {
        let n = Int(7 * H.day / every)
        return (0..<n).map { i in
            H.publish(at: end - 7 * H.day + Int64(i) * every, to: "+1415555\(String(format: "%04d", i % 10000))", arn: notifier, ip: "3.236.14.201",
                      userAgent: "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#5.10 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12", messageID: "n\(i)")
        }
    }

    func testStolenKeyDominatingPublishesFires() throws {
        var records = Self.notifierWeek(until: H.t0)
        for i in 0..<60 {
            records.append(H.publish(at: H.t0 + Int64(i) * 15_000, to: "+88216543212\(String(format: "%02d", i))",
                                     arn: "arn:aws:iam::123456789012:user/svc-reporting", ip: i % 2 == 0 ? "203.0.113.10" : "203.0.113.11",
                                     userAgent: "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.11", messageID: "s\(i)"))
        }
        let findings = try H.run(SourceConcentrationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("api"), .string("sns-publish"))
        XCTAssertEqual(f.entity("principal"), .array([.string("arn:aws:iam::123456789012:user/svc-reporting")]))
        XCTAssertEqual(f.entity("source.ip"), .array([.string("203.0.113.10"), .string("203.0.113.11")]))
        XCTAssertEqual(f.count, 60)
        let share = try XCTUnwrap(H.evidence(f, "top_share")?.doubleValue)
        XCTAssertGreaterThan(share, 0.6)
        XCTAssertNotNil(H.evidence(f, "top_principals"))
    }

    func testSteadyNotifierIsConcentratedButNotElevated() throws {
        XCTAssertEqual(try H.run(SourceConcentrationDetector.self, Self.notifierWeek(until: H.t0, every: 600_000)).count, 0)
    }

    func testWebOTPFromFewAddresses() throws {
        var records: [H.Record] = []
        // A week of customers asking for codes, each from their own address.
        for i in 0..<(7 * 24) {
            records.append(H.accessLine(at: H.t0 - 6 * H.day + Int64(i) * H.hour, ip: "73.162.\(i / 250).\(i % 250)", path: "/api/auth/send-otp", status: 200, userAgent: "Mozilla/5.0"))
        }
        // Then three addresses make 90 requests in the last hours, logged by nginx and Application Insights.
        for i in 0..<90 {
            let ip = "203.0.113.\(20 + i % 3)"
            let t = H.t0 + 18 * H.hour + Int64(i) * 60_000
            records.append(H.accessLine(at: t, ip: ip, path: "/api/auth/send-otp", status: 200, userAgent: "python-requests/2.32.3"))
            records.append(H.appRequest(at: t, ip: ip, path: "/api/auth/send-otp", status: 200))
        }
        let findings = try H.run(SourceConcentrationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0].entity("api"), .string("otp-endpoint"))
        XCTAssertEqual(findings[0].entity("source.ip"), .array([.string("203.0.113.20"), .string("203.0.113.21"), .string("203.0.113.22")]))
        XCTAssertEqual(findings[0].count, 90, "nginx and Application Insights report the same requests")
    }

    func testSpreadOutCallsDoNotFire() throws {
        let records = (0..<200).map { i in
            H.cognito("SignUp", at: H.t0 + Int64(i) * 60_000, ip: "198.51.100.\(i % 180)", destination: "+********1234", userAgent: "Mozilla/5.0")
        }
        XCTAssertEqual(try H.run(SourceConcentrationDetector.self, records).count, 0)
        XCTAssertThrowsError(try H.run(SourceConcentrationDetector.self, [], parameters: ["min_share": .double(1.5)]))
    }
}
