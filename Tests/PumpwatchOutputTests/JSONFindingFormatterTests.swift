import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class JSONFindingFormatterTests: XCTestCase {
    func testFindingsAndSummary() throws {
        let text = FindingFormatter.render(SampleFindings.all, as: .json, summary: SampleFindings.summary)
        let doc = try JSONParser.parse(text)
        XCTAssertEqual(doc.keys, ["findings", "summary"])
        let findings = try XCTUnwrap(doc["findings"]?.arrayElements)
        XCTAssertEqual(findings.count, 5)
        XCTAssertEqual(findings[0], NDJSONFindingFormatter.object(for: SampleFindings.falconHost))
        XCTAssertEqual(json(doc, "summary.files_read"), .int(14))
        XCTAssertEqual(json(doc, "summary.events_read"), .int(48_210 + 120_344 + 3_120 + 88_012 + 904))
        XCTAssertEqual(json(doc, "summary.events_by_format")?.keys, ["cloudtrail", "falcon", "twilio-messages", "sns-delivery", "web-access"])
        XCTAssertEqual(json(doc, "summary.malformed"), .int(3))
        XCTAssertEqual(json(doc, "summary.rules_run"), .int(14))
        XCTAssertEqual(json(doc, "summary.findings_by_severity")?.keys, ["critical", "high", "medium", "low"])
        XCTAssertEqual(json(doc, "summary.findings_by_severity.critical"), .int(2))
        XCTAssertEqual(json(doc, "summary.findings_by_severity.low"), .int(0))
        XCTAssertEqual(json(doc, "summary.suppressed_by_kind.ComputerName"), .int(2))
        XCTAssertEqual(json(doc, "summary.suppressed"), .int(3))
        XCTAssertEqual(json(doc, "summary.first_event"), .string("2026-11-15T00:00:00.000Z"))
        XCTAssertEqual(json(doc, "summary.elapsed_seconds"), .double(2.43))
    }

    func testEmptyHunt() throws {
        let doc = try JSONParser.parse(JSONFindingFormatter.render([], summary: HuntSummary()))
        XCTAssertEqual(doc["findings"], .array([]))
        XCTAssertEqual(json(doc, "summary.first_event"), .null)
    }
}
