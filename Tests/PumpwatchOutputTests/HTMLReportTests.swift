import Foundation
import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class HTMLReportTests: XCTestCase {
    func page(_ findings: [Finding] = SampleFindings.all) -> String {
        HTMLReport.render(findings, summary: SampleFindings.summary, timelines: SampleFindings.timelines)
    }

    func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    func testOneSVGPerChart() {
        let html = page()
        // Three rankings (sources, destinations, blocks and countries) and one activity chart per finding.
        XCTAssertEqual(occurrences(of: "<svg", in: html), 3 + SampleFindings.all.count)
        XCTAssertEqual(occurrences(of: "</svg>", in: html), 3 + SampleFindings.all.count)
        XCTAssertEqual(occurrences(of: "<article class=\"card", in: html), SampleFindings.all.count)
        XCTAssertEqual(occurrences(of: "svg class=\"chart timeline span\"", in: html), 2, "the block and country findings have no buckets")
    }

    func testRankingsNameTheTopSourcesDestinationsAndBlocks() {
        let html = page()
        for label in ["WEB-07", "203.0.113.77", "+15550001234", "api.twilio.com", "/api/v1/send-otp", "+2327612345xx", "SL"] {
            XCTAssertTrue(html.contains(">\(label)<"), label)
        }
        XCTAssertTrue(html.contains("+23276"))
    }

    func testEscapesTextFromFindings() {
        let f = Finding(ruleID: "r<1>", title: "<b>bold</b>", severity: .high, attack: ["T1496.003"], firstSeen: 1, lastSeen: 2, count: 1,
                        entities: [("source.ip", .string("<script>alert(1)</script>")), ("host\"'", .string("a&b"))],
                        evidence: [("note", .string("<img src=x onerror=alert(1)>"))],
                        summary: "see https://example.com/help & <script>steal()</script>")
        let html = page([f])
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("host&quot;&#39;"))
        XCTAssertTrue(html.contains("a&amp;b"))
        XCTAssertTrue(html.contains("see https://example.com/help &amp; &lt;script&gt;"), "a link in text stays plain text")
    }

    func testLoadsNothing() {
        let html = page()
        for needle in ["http://", "https://", "src=", "href=", "url(", "@import", "<link", "<script", "<iframe", "<object"] {
            XCTAssertFalse(html.contains(needle), needle)
        }
        XCTAssertTrue(html.contains("Content-Security-Policy"))
    }

    func testFindingsWithoutTimesStillDrawAChart() {
        let f = Finding(ruleID: "r", title: "t", severity: .low, attack: [], firstSeen: nil, lastSeen: nil, count: 0, entities: [], summary: "s")
        let html = HTMLReport.render([f], summary: HuntSummary(), timelines: [:])
        XCTAssertEqual(occurrences(of: "<svg", in: html), 1)
        XCTAssertTrue(html.contains("no time information"))
    }

    func testTimelineKeyIsRuleAndEntities() {
        XCTAssertEqual(HTMLReport.timelineKey(for: SampleFindings.falconHost), "logscale-sms-pumping|ComputerName=WEB-07|aid=8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60")
        XCTAssertEqual(HTMLReport.timelineKey(for: SampleFindings.otpFlood), "otp-request-flood|source.ip=203.0.113.77|url.path=/api/v1/send-otp")
    }

    func testBucketsAreDrawn() {
        let html = page([SampleFindings.otpFlood])
        XCTAssertEqual(occurrences(of: "<rect class=\"bar\"", in: html), 10 + 2, "ten buckets plus two ranking bars")
        XCTAssertTrue(html.contains("2026-11-22T10:14:00.000Z: 44"))
    }

    /// Writes the sample report to the file named by `PUMPWATCH_SAMPLE_REPORT`, for a look in a
    /// browser, and the sample findings in every other format next to it (`FILE.table`, ...).
    func testWritesTheSampleReportWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["PUMPWATCH_SAMPLE_REPORT"], !path.isEmpty else { return }
        try page().write(toFile: path, atomically: true, encoding: .utf8)
        for format in FindingFormat.allCases {
            let text = FindingFormatter.render(SampleFindings.all, as: format, summary: SampleFindings.summary)
            try text.write(toFile: path + "." + format.rawValue, atomically: true, encoding: .utf8)
        }
    }
}

final class SVGChartTests: XCTestCase {
    func testFineBucketsAreMergedIntoAFewHundredColumns() {
        let start = SampleFindings.t("2026-11-22T00:00:00Z")
        let buckets = (0..<5000).map { (start + Int64($0) * 1000, 1) }
        let svg = SVGChart.timeline(buckets, firstSeen: start, lastSeen: start + 4_999_000, title: "t")
        let columns = svg.components(separatedBy: "<rect class=\"bar\"").count - 1
        XCTAssertLessThanOrEqual(columns, SVGChart.maxColumns)
        XCTAssertGreaterThan(columns, SVGChart.maxColumns / 2)
        XCTAssertTrue(svg.contains(">21<"), "21 one-second buckets per column")
    }
}
