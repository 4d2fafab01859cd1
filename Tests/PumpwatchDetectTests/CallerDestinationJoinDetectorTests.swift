import PumpwatchCore
import PumpwatchDetect
import XCTest

final class CallerDestinationJoinDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    let notifier = SourceConcentrationDetectorTests.notifier
    let reporting = "arn:aws:iam::123456789012:user/svc-reporting"

    func testCallerOfASequentialPremiumBlockIsNamed() throws {
        var records: [H.Record] = []
        // The delivery logs are read first (another folder), then CloudTrail.
        for i in 0..<30 {
            records.append(H.delivery(at: H.t0 + Int64(i) * 15_000 + 900, to: "+88216543212\(String(format: "%02d", i))", messageID: "s\(i)", price: 0.48, mcc: 901, mnc: 5))
        }
        for i in 0..<30 {
            records.append(H.publish(at: H.t0 + Int64(i) * 15_000, to: "+88216543212\(String(format: "%02d", i))", arn: reporting,
                                     ip: "203.0.113.1\(i % 2)", userAgent: "Boto3/1.35.36 md/Botocore#1.35.36", messageID: "s\(i)"))
        }
        // An ordinary sender whose texts are joined too, and a Cognito text with no Publish.
        for i in 0..<10 {
            let number = "+1415" + String(2_000_000 + i * 173)
            records.append(H.publish(at: H.t0 + Int64(i) * H.hour, to: number, arn: notifier, ip: "3.236.14.201", messageID: "n\(i)"))
            records.append(H.delivery(at: H.t0 + Int64(i) * H.hour + 700, to: number, messageID: "n\(i)", price: 0.00581))
        }
        records.append(H.delivery(at: H.t0, to: "+15550001234", messageID: "cognito-1", price: 0.00581))

        let findings = try H.run(CallerDestinationJoin.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("aws.cloudtrail.user_identity.arn"), .string(reporting))
        XCTAssertEqual(f.entity("source.ip"), .array([.string("203.0.113.10"), .string("203.0.113.11")]))
        XCTAssertEqual(f.count, 30)
        XCTAssertEqual(H.evidence(f, "flags"), .array([.string("high-risk destinations"), .string("sequential block")]))
        XCTAssertEqual(H.evidence(f, "distinct_destinations"), .int(30))
        XCTAssertEqual(H.evidence(f, "countries"), .string("+882 (30)"))
        XCTAssertEqual(H.evidence(f, "high_risk"), .string("+882 (30)"))
        XCTAssertEqual(H.evidence(f, "blocks"), .string("+88216543212xx (30 numbers, run 30)"))
        XCTAssertEqual(H.evidence(f, "mcc_mnc"), .string("901/5 (30)"))
        XCTAssertEqual(H.evidence(f, "cost_usd")?.doubleValue ?? 0, 14.4, accuracy: 0.01)
        XCTAssertEqual(H.evidence(f, "joined_messages"), .int(40))
        XCTAssertEqual(H.evidence(f, "unmatched_deliveries"), .int(1))
        XCTAssertEqual(H.evidence(f, "unmatched_publishes"), .int(0))
        XCTAssertEqual(Set(f.sources), ["cloudtrail.json", "sns-delivery.json"])
        XCTAssertEqual(f.severity, .high)
    }

    func testRepeatedDestinationNamesTheCaller() throws {
        var records: [H.Record] = []
        for i in 0..<15 {
            records.append(H.publish(at: H.t0 + Int64(i) * 320, to: "+15550001234", messageID: "t\(i)"))
            records.append(H.delivery(at: H.t0 + Int64(i) * 320 + 800, to: "+15550001234", messageID: "t\(i)", price: 0.00581))
        }
        let findings = try H.run(CallerDestinationJoin.self, records)
        XCTAssertEqual(findings.map { $0.entity("aws.cloudtrail.user_identity.arn") }, [.string("arn:aws:iam::123456789012:user/ci-deploy")])
        XCTAssertEqual(H.evidence(findings[0], "repeated_destination"), .string("+15550001234 (15 within 1m)"))
    }

    func testOrdinaryCallersAreNotReported() throws {
        var records: [H.Record] = []
        for i in 0..<200 {
            // San Francisco numbers; other area codes of +1 include Caribbean premium ranges.
            let number = "+1415" + String(2_000_000 + i * 173)
            records.append(H.publish(at: H.t0 + Int64(i) * 600_000, to: number, arn: notifier, ip: "3.236.14.201", messageID: "n\(i)"))
            records.append(H.delivery(at: H.t0 + Int64(i) * 600_000 + 700, to: number, messageID: "n\(i)", price: 0.00581))
        }
        XCTAssertEqual(try H.run(CallerDestinationJoin.self, records).count, 0)
    }

    func testUnjoinedSidesAreBoundedAndCounted() throws {
        var records: [H.Record] = []
        for i in 0..<20 {
            records.append(H.publish(at: H.t0 + Int64(i) * 1000, to: "+2327612340\(i % 10)", arn: reporting, messageID: "p\(i)"))
        }
        // With room for 5 waiting publishes, only the last 5 can still be joined.
        for i in 0..<20 {
            records.append(H.delivery(at: H.t0 + Int64(i) * 1000 + 500, to: "+2327612340\(i % 10)", messageID: "p\(i)", price: 0.16))
        }
        let findings = try H.run(CallerDestinationJoin.self, records, parameters: ["max_pending": .int(5)])
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0].count, 5)
        XCTAssertEqual(H.evidence(findings[0], "unmatched_publishes"), .int(15))
        XCTAssertEqual(H.evidence(findings[0], "unmatched_deliveries"), .int(15), "the deliveries of the 15 dropped publishes find no partner")
    }
}
