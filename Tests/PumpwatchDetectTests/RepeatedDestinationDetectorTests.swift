import PumpwatchCore
import PumpwatchDetect
import PumpwatchSources
import XCTest

final class RepeatedDestinationDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// Seed test 1: 15 SNS publishes to +15550001234 within 5 s, with their delivery logs.
    func testSNSPublishBurstFiresOnceForBothLogs() throws {
        var records: [H.Record] = []
        for i in 0..<15 {
            let t = H.t0 + Int64(i) * 320
            let id = "5a1e0000-0000-4000-8000-\(String(format: "%012d", i))"
            records.append(H.publish(at: t, to: "+15550001234", arn: "arn:aws:iam::123456789012:user/ci-deploy", ip: "203.0.113.45", messageID: id))
            records.append(H.delivery(at: t + 900, to: "+15550001234", messageID: id, price: 0.00581))
        }
        let findings = try H.run(RepeatedDestinationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("sms.to"), .string("+15550001234"))
        XCTAssertEqual(f.entity("country"), .string("US"))
        XCTAssertEqual(f.count, 15, "each text is in CloudTrail and the delivery log but counts once")
        XCTAssertEqual(H.evidence(f, "peak_messages"), .int(15))
        XCTAssertEqual(H.evidence(f, "threshold"), .int(5))
        XCTAssertEqual(H.evidence(f, "callers"), .array([.string("arn:aws:iam::123456789012:user/ci-deploy")]))
        XCTAssertEqual(H.evidence(f, "logs"), .array([.string("cloudtrail"), .string("sns-delivery")]))
        XCTAssertEqual(H.evidence(f, "cost_usd")?.doubleValue ?? 0, 15 * 0.00581, accuracy: 0.0001)
        XCTAssertEqual(Set(f.sources), ["cloudtrail.json", "sns-delivery.json"])
        XCTAssertEqual(f.firstSeen, H.t0)
    }

    /// Seed test 4: 5 Twilio messages within 3 s, listed by the API and reported twice each by Event Streams.
    func testTwilioBurstCountsMessagesOnce() throws {
        var records: [H.Record] = []
        for i in 0..<5 {
            let t = H.t0 + Int64(i) * 600
            let sid = "SM\(String(repeating: "a", count: 31))\(i)"
            records.append(H.twilioMessage(at: t, to: "+15550005678", sid: sid, status: "delivered"))
            records.append(H.twilioEvent(at: t + 500, to: "+15550005678", sid: sid, status: "sent"))
            records.append(H.twilioEvent(at: t + 4000, to: "+15550005678", sid: sid, status: "delivered"))
        }
        let findings = try H.run(RepeatedDestinationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0].entity("sms.to"), .string("+15550005678"))
        XCTAssertEqual(findings[0].count, 5)
        XCTAssertEqual(H.evidence(findings[0], "logs"), .array([.string("twilio-messages"), .string("twilio-events")]))
    }

    func testBurstAcrossABucketEdgeStillFires() throws {
        // 5 texts 10 s apart straddling a minute boundary.
        let start = H.t0 + 60_000 - 25_000
        let records = (0..<5).map { H.delivery(at: start + Int64($0) * 10_000, to: "+447700900123", messageID: "m\($0)", price: 0.04) }
        let findings = try H.run(RepeatedDestinationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0].entity("country"), .string("GB"))
    }

    func testSteadyTrafficToManyNumbersDoesNotFire() throws {
        // A week of order texts: 200 customers, each texted a few times hours apart.
        var records: [H.Record] = []
        for i in 0..<600 {
            let t = H.t0 - 6 * 86_400_000 + Int64(i) * 900_000
            records.append(H.twilioMessage(at: t, to: "+1415555\(String(format: "%04d", i % 200))", sid: "SM\(i)", status: "delivered"))
        }
        XCTAssertEqual(try H.run(RepeatedDestinationDetector.self, records).count, 0)
    }

    func testFourTextsStayUnderTheDefaultThreshold() throws {
        let records = (0..<4).map { H.delivery(at: H.t0 + Int64($0) * 1000, to: "+15550001234", messageID: "m\($0)", price: 0.006) }
        XCTAssertEqual(try H.run(RepeatedDestinationDetector.self, records).count, 0)
        XCTAssertEqual(try H.run(RepeatedDestinationDetector.self, records, parameters: ["threshold": .int(4)]).count, 1)
    }

    func testMaskedCognitoDestinationsAreIgnored() throws {
        let records = (0..<10).map { H.cognito("ForgotPassword", at: H.t0 + Int64($0) * 500, ip: "198.51.100.23", destination: "+*******1234") }
        XCTAssertEqual(try H.run(RepeatedDestinationDetector.self, records).count, 0)
    }

    func testWrongParameterTypeIsARuleError() {
        XCTAssertThrowsError(try H.run(RepeatedDestinationDetector.self, [], parameters: ["threshold": .string("many")])) { error in
            XCTAssertEqual((error as? RuleError)?.key, "threshold")
        }
        XCTAssertThrowsError(try H.run(RepeatedDestinationDetector.self, [], parameters: ["window": .string("soon")])) { error in
            XCTAssertEqual((error as? RuleError)?.key, "window")
        }
    }
}
