import PumpwatchCore
import PumpwatchDetect
import XCTest

final class HighRiskDestinationDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// Six days of ordinary Twilio texts to the US and the UK, one every 30 minutes.
    static func benignWeek(until end: Int64) -> [H.Record] {
        (0..<(6 * 48)).map { i in
            let t = end - 6 * H.day + Int64(i) * 1_800_000
            let number = i % 4 == 0 ? "+4477009\(String(format: "%05d", i))" : "+1415555\(String(format: "%04d", i))"
            return H.twilioMessage(at: t, to: number, sid: "SMb\(i)", status: "delivered")
        }
    }

    func testPumpingToPremiumDestinationsFires() throws {
        var records = Self.benignWeek(until: H.t0)
        let numbers = ["+23276123456", "+8821654321201", "+881612345678", "+37120012345", "+998901234567", "+2348031234567"]
        for i in 0..<30 {
            records.append(H.twilioMessage(at: H.t0 + Int64(i) * 60_000, to: numbers[i % numbers.count], sid: "SMp\(i)", status: "sent", price: "-0.30000"))
        }
        for i in 0..<20 {
            records.append(H.twilioMessage(at: H.t0 + 90_000 + Int64(i) * 120_000, to: "+1415666\(String(format: "%04d", i))", sid: "SMn\(i)", status: "delivered"))
        }
        let findings = try H.run(HighRiskDestinationDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("provider"), .string("twilio"))
        XCTAssertEqual(H.evidence(f, "high_risk_messages"), .int(30))
        let all: Int64? = H.evidence(f, "all_messages")?.intValue
        XCTAssertEqual(all, 30 + 20 + 46, "the last 24 hours hold 46 of the baseline week's texts")
        XCTAssertEqual(H.evidence(f, "baseline_share"), .double(0))
        XCTAssertEqual(H.evidence(f, "high_risk_cost_usd")?.doubleValue ?? 0, 9.0, accuracy: 0.01)
        let countries = try XCTUnwrap(f.entity("countries")?.elements.compactMap(\.stringValue))
        XCTAssertEqual(Set(countries), ["SL", "+882", "+881", "LV", "UZ", "NG"])
        XCTAssertEqual(H.evidence(f, "sample_numbers")?.elements.count, 6)
        XCTAssertTrue(f.summary.contains("30 of 96 Twilio texts"), f.summary)
    }

    func testSteadyHighRiskBusinessDoesNotFire() throws {
        // A business that always texts Nigeria: the share is high, but it was high in the baseline too.
        var records: [H.Record] = []
        for i in 0..<(7 * 24) {
            let number: String = i % 2 == 0 ? "+23480312" + String(format: "%05d", i) : "+1415555" + String(format: "%04d", i)
            let t: Int64 = H.t0 - 6 * H.day + Int64(i) * H.hour
            records.append(H.delivery(at: t, to: number, messageID: "m\(i)", price: 0.19))
        }
        XCTAssertEqual(try H.run(HighRiskDestinationDetector.self, records).count, 0)
    }

    func testFewTextsOrOrdinaryDestinationsDoNotFire() throws {
        var records = Self.benignWeek(until: H.t0)
        XCTAssertEqual(try H.run(HighRiskDestinationDetector.self, records).count, 0)
        records += (0..<5).map { H.twilioMessage(at: H.t0 + Int64($0) * 60_000, to: "+2327612345\($0)", sid: "SMx\($0)", status: "sent") }
        XCTAssertEqual(try H.run(HighRiskDestinationDetector.self, records).count, 0, "under min_messages")
        XCTAssertEqual(try H.run(HighRiskDestinationDetector.self, records, parameters: ["min_messages": .int(5), "min_share": .double(0.05)]).count, 1)
    }

    func testOwnPrefixListReplacesTheDefault() throws {
        let records = (0..<12).map { H.delivery(at: H.t0 + Int64($0) * 60_000, to: "+447700900\(String(format: "%03d", $0))", messageID: "m\($0)", price: 0.04) }
        XCTAssertEqual(try H.run(HighRiskDestinationDetector.self, records).count, 0)
        let findings = try H.run(HighRiskDestinationDetector.self, records, parameters: ["high_risk_prefixes": .array([.string("+44 7700")])])
        XCTAssertEqual(findings.first?.entity("provider"), .string("sns"))
        XCTAssertEqual(findings.first?.entity("countries"), .array([.string("GB")]))
    }
}
