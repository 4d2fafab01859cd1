import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchDetect

/// Rows to findings: entities in order, counts, times in every form, windows, severities and summaries.
final class RuleEvaluatorTests: XCTestCase {
    func rule(_ mapping: FindingMapping, severity: Severity = .medium, riskScore: Int? = nil) -> Rule {
        Rule(id: "r", title: "Burst", severity: severity, riskScore: riskScore, sources: ["cloudtrail"], language: .esql, query: "FROM x", findingMapping: mapping)
    }

    func testEntitiesCountAndTimes() {
        let mapping = FindingMapping(entities: ["host", "ip", "missing"], count: "n", firstSeen: "first", lastSeen: "last")
        let rows = [
            Row(ordered: [("host", .string("APP-01")), ("ip", .string("203.0.113.9")), ("n", .int(51)), ("first", .double(1_795_341_600.25)), ("last", .string("1795341660"))]),
            Row(ordered: [("host", .string("APP-02")), ("ip", .null), ("n", .string("7")), ("first", .int(1_795_341_600_000)), ("last", .string("2026-11-22T10:01:00Z"))]),
            Row(ordered: [("host", .string("APP-03")), ("first", .date(1_795_341_600_000))]),
        ]
        let f = RuleEvaluator.findings(from: rows, rule: rule(mapping), files: ["a.json"])
        XCTAssertEqual(f.map { $0.entities.map(\.0) }, [["host", "ip"], ["host"], ["host"]])
        XCTAssertEqual(f.map(\.count), [51, 7, 1])
        XCTAssertEqual(f[0].firstSeen, 1_795_341_600_250)
        XCTAssertEqual(f[0].lastSeen, 1_795_341_660_000)
        XCTAssertEqual(f[1].firstSeen, 1_795_341_600_000)
        XCTAssertEqual(f[1].lastSeen, 1_795_341_660_000)
        XCTAssertEqual(f[2].lastSeen, 1_795_341_600_000, "a missing last time is the first")
        XCTAssertEqual(f[0].fields.map(\.0), ["host", "ip", "n", "first", "last"])
        XCTAssertEqual(f[0].sources, ["a.json"])
        XCTAssertEqual(f[0].summary, "Burst: 51 events for host=APP-01, ip=203.0.113.9")
        XCTAssertEqual(f[0].riskScore, 47)
    }

    func testWindowSeverityAndSummary() {
        let mapping = FindingMapping(entities: ["who"], count: "n", window: "w", windowMillis: 300_000, severityField: "level", summary: "{n} by {who} via {ua|agent} at {w} {unknown}")
        let rows = [
            Row(ordered: [("w", .date(1_795_341_600_000)), ("who", .string("pump")), ("n", .int(40)), ("level", .string("Critical")), ("agent", .string("curl"))]),
            Row(ordered: [("w", .string("2026-11-22T10:05:00Z")), ("who", .string("edge")), ("n", .int(31)), ("level", .string("odd")), ("ua", .null), ("agent", .string("boto3"))]),
        ]
        let f = RuleEvaluator.findings(from: rows, rule: rule(mapping, severity: .high, riskScore: 80), files: [])
        XCTAssertEqual(f[0].severity, .critical)
        XCTAssertEqual(f[0].riskScore, 99)
        XCTAssertEqual(f[1].severity, .high, "an unreadable severity keeps the rule's")
        XCTAssertEqual(f[1].riskScore, 80)
        XCTAssertEqual(f[0].firstSeen, 1_795_341_600_000)
        XCTAssertEqual(f[0].lastSeen, 1_795_341_899_999)
        XCTAssertEqual(f[1].firstSeen, 1_795_341_900_000)
        XCTAssertEqual(f[0].evidence.map(\.0), ["window_start", "window_length"])
        XCTAssertEqual(f[0].evidence[1].1, .string("5m"))
        XCTAssertEqual(f[0].summary, "40 by pump via curl at 2026-11-22T10:00:00.000Z {unknown}")
        XCTAssertEqual(f[1].summary, "31 by edge via boto3 at 2026-11-22T10:05:00Z {unknown}")
    }

    func testOneEventRowsNameTheirFile() {
        var row = Row(ordered: [("source.ip", .string("203.0.113.9")), ("@timestamp", .date(1_795_341_600_000))])
        row.origin = Origin(file: "/logs/a.json", line: 3)
        let f = RuleEvaluator.findings(from: [row], rule: rule(FindingMapping(entities: ["source.ip"])), files: ["/logs/a.json", "/logs/b.json"])
        XCTAssertEqual(f[0].sources, ["/logs/a.json"])
        XCTAssertEqual(f[0].firstSeen, 1_795_341_600_000, "a row that is one event is dated by its @timestamp")
    }

    func testMillisReadsEveryTimeForm() {
        XCTAssertEqual(RuleEvaluator.millis(.int(1_795_341_600)), 1_795_341_600_000)
        XCTAssertEqual(RuleEvaluator.millis(.int(1_795_341_600_123)), 1_795_341_600_123)
        XCTAssertEqual(RuleEvaluator.millis(.string("1795341600.5")), 1_795_341_600_500)
        XCTAssertEqual(RuleEvaluator.millis(.string("2026-11-22")), 1_795_305_600_000)
        XCTAssertEqual(RuleEvaluator.millis(.array([.null, .string("2026-11-22T10:00:00Z")])), 1_795_341_600_000)
        XCTAssertNil(RuleEvaluator.millis(.string("soon")))
        XCTAssertNil(RuleEvaluator.millis(nil))
    }

    func testUnknownDetectorIsARuleError() {
        let r = Rule(id: "d", title: "D", severity: .low, language: .builtin, detector: "nope", file: "d.yml")
        XCTAssertThrowsError(try RuleEvaluator.detector(for: r, context: DetectionContext(nowMillis: 0))) { error in
            XCTAssertEqual((error as? RuleError)?.key, "detector")
            XCTAssertEqual((error as? RuleError)?.file, "d.yml")
        }
    }
}
