import PumpwatchCore
@testable import PumpwatchDetect
import XCTest

final class NewCallerDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    func testLeakedKeyPublishingForTheFirstTimeFires() throws {
        var records = SourceConcentrationDetectorTests.notifierWeek(until: H.t0)
        for i in 0..<15 {
            records.append(H.publish(at: H.t0 + 600_000 + Int64(i) * 300, to: "+15550001234", arn: "arn:aws:iam::123456789012:user/ci-deploy",
                                     ip: "203.0.113.45", messageID: "c\(i)"))
        }
        let findings = try H.run(NewCallerDetector.self, records)
        XCTAssertEqual(findings.count, 1, findings.map(\.summary).joined(separator: "\n"))
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("aws.cloudtrail.user_identity.arn"), .string("arn:aws:iam::123456789012:user/ci-deploy"))
        XCTAssertEqual(f.entity("source.ip"), .string("203.0.113.45"))
        XCTAssertEqual(f.count, 15)
        XCTAssertEqual(H.evidence(f, "new_source_ips"), .array([.string("203.0.113.45")]))
        XCTAssertEqual(H.evidence(f, "new_clients"), .array([.string("aws-cli")]))
        XCTAssertEqual(H.evidence(f, "destination_countries"), .array([.string("US")]))
        XCTAssertEqual(f.severity, .high, "new principal, new address and new client")
    }

    func testKnownPrincipalFromANewAddressFiresLower() throws {
        var records = SourceConcentrationDetectorTests.notifierWeek(until: H.t0)
        for i in 0..<6 {
            records.append(H.publish(at: H.t0 + Int64(i) * 60_000, to: "+15550009999", arn: SourceConcentrationDetectorTests.notifier, ip: "198.51.100.77",
                                     userAgent: "Boto3/1.35.0 md/Botocore#1.35.0", messageID: "x\(i)"))
        }
        let findings = try H.run(NewCallerDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("source.ip") }, [.string("198.51.100.77")])
        XCTAssertEqual(findings.first?.severity, .low)
    }

    func testSteadyCallersAndVersionUpgradesDoNotFire() throws {
        var records = SourceConcentrationDetectorTests.notifierWeek(until: H.t0)
        for i in 0..<6 {
            records.append(H.publish(at: H.t0 + Int64(i) * 60_000, to: "+15550009999", arn: SourceConcentrationDetectorTests.notifier, ip: "3.236.14.201",
                                     userAgent: "Boto3/1.36.2 md/Botocore#1.36.2 exec-env/AWS_Lambda_python3.13", messageID: "x\(i)"))
        }
        XCTAssertEqual(try H.run(NewCallerDetector.self, records).count, 0)
    }

    func testNoBaselineNoFindings() throws {
        let records = (0..<15).map { H.publish(at: H.t0 + Int64($0) * 300, to: "+15550001234", messageID: "c\($0)") }
        XCTAssertEqual(try H.run(NewCallerDetector.self, records).count, 0)
        XCTAssertEqual(try H.run(NewCallerDetector.self, records, parameters: ["min_baseline_calls": .int(1)]).count, 0)
    }

    func testClientIsTheProductPartOfTheUserAgent() {
        XCTAssertEqual(NewCallerDetector.client("aws-cli/2.18.17 md/Botocore#1.35.36 ua/2.0"), "aws-cli")
        XCTAssertEqual(NewCallerDetector.client("Boto3/1.35.36 md/Botocore#1.35.36"), "Boto3")
        XCTAssertEqual(NewCallerDetector.client("  python-requests/2.31 x"), "python-requests", "leading spaces are skipped")
        XCTAssertEqual(NewCallerDetector.client("/x/y z"), "x", "empty parts are skipped")
        XCTAssertEqual(NewCallerDetector.client("curl"), "curl")
        XCTAssertEqual(NewCallerDetector.client("   "), "   ")
        XCTAssertEqual(NewCallerDetector.client(""), "")
    }
}
