import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class NDJSONFindingFormatterTests: XCTestCase {
    func testOneObjectPerFindingWithTheKeysInOrder() throws {
        let text = NDJSONFindingFormatter.render(SampleFindings.all)
        XCTAssertTrue(text.hasSuffix("\n"))
        let docs = try parseLines(text)
        XCTAssertEqual(docs.count, SampleFindings.all.count)
        for d in docs {
            XCTAssertEqual(d.keys, ["rule_id", "title", "severity", "risk_score", "attack", "first_seen", "last_seen", "count", "entities", "evidence", "fields", "sources", "summary"])
        }
    }

    func testValues() throws {
        let d = try parseLines(NDJSONFindingFormatter.render([SampleFindings.falconHost]))[0]
        XCTAssertEqual(d["rule_id"], .string("logscale-sms-pumping"))
        XCTAssertEqual(d["severity"], .string("critical"))
        XCTAssertEqual(d["risk_score"], .int(99))
        XCTAssertEqual(d["attack"], .array([.string("T1496.003")]))
        XCTAssertEqual(d["first_seen"], .string("2026-11-22T10:00:00.000Z"))
        XCTAssertEqual(d["last_seen"], .string("2026-11-22T10:42:00.000Z"))
        XCTAssertEqual(d["count"], .int(1200))
        XCTAssertEqual(d["entities"]?.keys, ["ComputerName", "aid"])
        XCTAssertEqual(json(d, "entities.ComputerName"), .string("WEB-07"))
        XCTAssertEqual(d["evidence"]?.keys, ["DomainName", "EventCount", "threshold", "baseline_per_hour"])
        XCTAssertEqual(json(d, "evidence.baseline_per_hour"), .double(3.5))
        XCTAssertEqual(json(d, "fields.DetectionBranch"), .string("DNS"))
        XCTAssertEqual(d["sources"], .array([.string("logs/falcon/dns-2026-11-22.json.gz")]))
        XCTAssertEqual(d["summary"]?.string, SampleFindings.falconHost.summary)
    }

    func testMissingTimesAreNullAndRiskIsClamped() throws {
        let f = Finding(ruleID: "r", title: "t", severity: .low, riskScore: 250, attack: [], firstSeen: nil, lastSeen: nil, count: 0, entities: [], summary: "line one\nline \"two\"")
        let text = NDJSONFindingFormatter.render([f])
        XCTAssertEqual(text.filter { $0 == "\n" }.count, 1, "a newline inside a value stays escaped")
        let d = try parseLines(text)[0]
        XCTAssertEqual(d["first_seen"], .null)
        XCTAssertEqual(d["last_seen"], .null)
        XCTAssertEqual(d["risk_score"], .int(100))
        XCTAssertEqual(d["entities"], .object([]))
        XCTAssertEqual(d["summary"], .string("line one\nline \"two\""))
    }

    func testNoFindingsPrintNothing() {
        XCTAssertEqual(NDJSONFindingFormatter.render([]), "")
        XCTAssertEqual(FindingFormatter.render([], as: .ndjson, summary: HuntSummary()), "")
    }
}
