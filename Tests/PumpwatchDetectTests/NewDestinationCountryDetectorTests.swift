import PumpwatchCore
import PumpwatchDetect
import XCTest

final class NewDestinationCountryDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    func testCountryNeverTextedBeforeFires() throws {
        var records = HighRiskDestinationDetectorTests.benignWeek(until: H.t0)
        for i in 0..<8 {
            records.append(H.verifyEvent(at: H.t0 + Int64(i) * 600_000, to: "+998901234\(String(format: "%03d", i))", sid: "VE\(i)", status: "pending"))
        }
        for i in 0..<3 {
            records.append(H.twilioMessage(at: H.t0 + Int64(i) * 600_000, to: "+14155559\(String(format: "%03d", i))", sid: "SMn\(i)", status: "sent"))
        }
        let findings = try H.run(NewDestinationCountryDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("country"), .string("UZ"))
        XCTAssertEqual(f.entity("country_name"), .string("Uzbekistan"))
        XCTAssertEqual(f.count, 8)
        XCTAssertEqual(H.evidence(f, "baseline_messages_to_country"), .int(0))
        XCTAssertEqual(H.evidence(f, "baseline_countries"), .int(2))
        XCTAssertNotNil(H.evidence(f, "high_risk_prefix"))
        XCTAssertEqual(f.severity, .high)
        XCTAssertEqual(H.evidence(f, "sample_numbers")?.elements.count, 8)
        XCTAssertEqual(f.firstSeen, H.t0 + 0)
    }

    func testNANPAreaCodesAreTheirOwnCountries() throws {
        var records = HighRiskDestinationDetectorTests.benignWeek(until: H.t0)
        records += (0..<6).map { H.delivery(at: H.t0 + Int64($0) * 60_000, to: "+1876555\(String(format: "%04d", $0))", messageID: "jm\($0)", price: 0.12) }
        let findings = try H.run(NewDestinationCountryDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("country") }, [.string("JM")])
    }

    func testKnownCountriesAndThinBaselinesDoNotFire() throws {
        var records = HighRiskDestinationDetectorTests.benignWeek(until: H.t0)
        records += (0..<20).map { H.twilioMessage(at: H.t0 + Int64($0) * 60_000, to: "+4477009\(String(format: "%05d", 90000 + $0))", sid: "SMg\($0)", status: "sent") }
        records += (0..<4).map { H.twilioMessage(at: H.t0 + Int64($0) * 60_000, to: "+3361234567\($0)", sid: "SMf\($0)", status: "sent") }
        XCTAssertEqual(try H.run(NewDestinationCountryDetector.self, records).count, 0, "GB is known; 4 texts to France are under min_messages")

        // Only one day of data: no baseline to compare with.
        let oneDay = (0..<10).map { H.twilioMessage(at: H.t0 + Int64($0) * 60_000, to: "+2327612345\($0)", sid: "SMs\($0)", status: "sent") }
        XCTAssertEqual(try H.run(NewDestinationCountryDetector.self, oneDay).count, 0)
    }

    func testExplicitNowMovesTheWindow() throws {
        var records = HighRiskDestinationDetectorTests.benignWeek(until: H.t0)
        records += (0..<6).map { H.twilioMessage(at: H.t0 - 3 * H.day + Int64($0) * 60_000, to: "+2347031234\(String(format: "%03d", $0))", sid: "SMng\($0)", status: "sent") }
        XCTAssertEqual(try H.run(NewDestinationCountryDetector.self, records).count, 0, "Nigeria was texted in the baseline")
        let earlier = try H.run(NewDestinationCountryDetector.self, records, now: H.t0 - 2 * H.day - H.hour)
        XCTAssertEqual(earlier.map { $0.entity("country") }, [.string("NG")])
    }
}
