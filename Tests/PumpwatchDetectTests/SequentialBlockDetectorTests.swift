import PumpwatchCore
import PumpwatchDetect
import XCTest

final class SequentialBlockDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// A script texting +23276123400 … +23276123439 in order through Twilio, one every 24 s.
    func testConsecutiveTwilioBlockFires() throws {
        var records: [H.Record] = []
        for i in 0..<40 {
            let t = H.t0 + Int64(i) * 24_000
            let number = "+232761234" + String(format: "%02d", i)
            records.append(H.twilioMessage(at: t, to: number, sid: "SMblock\(i)", status: "sent", price: "-0.21150"))
            records.append(H.twilioEvent(at: t + 800, to: number, sid: "SMblock\(i)", status: "sent"))
        }
        let findings = try H.run(SequentialBlockDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("block"), .string("+232761234xx"))
        XCTAssertEqual(f.entity("country"), .string("SL"))
        XCTAssertEqual(H.evidence(f, "distinct_numbers"), .int(40))
        XCTAssertEqual(H.evidence(f, "longest_run"), .int(40))
        XCTAssertEqual(H.evidence(f, "run_from"), .string("+23276123400"))
        XCTAssertEqual(H.evidence(f, "run_to"), .string("+23276123439"))
        XCTAssertEqual(f.count, 40, "Messages list and Event Streams report the same texts")
        XCTAssertEqual(H.evidence(f, "cost_usd")?.doubleValue ?? 0, 40 * 0.2115, accuracy: 0.01)
        let samples = try XCTUnwrap(H.evidence(f, "sample_numbers")?.elements)
        XCTAssertEqual(samples.count, 10)
        XCTAssertEqual(samples.first, .string("+23276123400"))
        XCTAssertEqual(samples.last, .string("+23276123439"))
        XCTAssertEqual(H.evidence(f, "high_risk_prefix"), .string("+232 SL"))
        XCTAssertEqual(f.severity, .high, "a high-risk block raises the severity")
    }

    /// SNS publishes from one key to a scattered but dense block, with caller attribution.
    func testDenseSNSBlockNamesTheCaller() throws {
        let suffixes = [3, 17, 42, 58, 77, 91]
        let records = suffixes.enumerated().map { i, s in
            H.publish(at: H.t0 + Int64(i) * 300_000, to: "+88216543212" + String(format: "%02d", s),
                      arn: "arn:aws:iam::123456789012:user/svc-reporting", ip: "203.0.113.10", messageID: "id\(i)")
        }
        let findings = try H.run(SequentialBlockDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = findings[0]
        XCTAssertEqual(f.entity("block"), .string("+88216543212xx"))
        XCTAssertEqual(f.entity("country"), .string("+882"))
        XCTAssertEqual(H.evidence(f, "distinct_numbers"), .int(6))
        XCTAssertEqual(H.evidence(f, "longest_run"), .int(1))
        XCTAssertEqual(H.evidence(f, "callers"), .array([.string("arn:aws:iam::123456789012:user/svc-reporting")]))
    }

    func testShortConsecutiveRunFires() throws {
        let records = (0..<4).map { H.delivery(at: H.t0 + Int64($0) * 60_000, to: "+1555000123\($0)", messageID: "m\($0)", price: 0.006) }
        let findings = try H.run(SequentialBlockDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(H.evidence(findings[0], "longest_run"), .int(4))
        XCTAssertEqual(try H.run(SequentialBlockDetector.self, records, parameters: ["min_run": .int(5)]).count, 0)
    }

    func testNumbersSpreadOverTimeDoNotFire() throws {
        // Five numbers of one block, but three hours apart: family members, not a campaign.
        let records = (0..<5).map { H.delivery(at: H.t0 + Int64($0) * 3 * H.hour, to: "+1415555012\($0 * 2)", messageID: "m\($0)", price: 0.006) }
        XCTAssertEqual(try H.run(SequentialBlockDetector.self, records).count, 0)
    }

    func testCustomerTrafficDoesNotFire() throws {
        // 500 texts over a day to numbers in different blocks, some texted twice.
        var records: [H.Record] = []
        for i in 0..<500 {
            let number = "+1" + String(2_000_000_000 + (i % 300) * 7_919_173)
            records.append(H.twilioMessage(at: H.t0 + Int64(i) * 170_000, to: number, sid: "SM\(i)", status: "delivered"))
        }
        XCTAssertEqual(try H.run(SequentialBlockDetector.self, records).count, 0)
    }

    func testWiderBlocksAndBadParameters() throws {
        let records = [10, 250, 480, 730, 990].enumerated().map { i, s in
            H.delivery(at: H.t0 + Int64(i) * 60_000, to: "+4477009" + String(format: "%03d", s) + "0", messageID: "m\(i)", price: 0.04)
        }
        XCTAssertEqual(try H.run(SequentialBlockDetector.self, records).count, 0, "different 2-digit blocks")
        let wide = try H.run(SequentialBlockDetector.self, records, parameters: ["block_digits": .int(4)])
        XCTAssertEqual(wide.first?.entity("block"), .string("+4477009xxxx"))
        XCTAssertThrowsError(try H.run(SequentialBlockDetector.self, [], parameters: ["block_digits": .int(5)])) { error in
            XCTAssertEqual((error as? RuleError)?.key, "block_digits")
        }
        XCTAssertThrowsError(try H.run(SequentialBlockDetector.self, [], parameters: ["min_distinct": .bool(true)]))
    }
}
