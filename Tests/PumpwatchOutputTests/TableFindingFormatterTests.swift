import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class TableFindingFormatterTests: XCTestCase {
    func assertFits(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            XCTAssertLessThanOrEqual(TerminalText.width(String(l)), 80, "too wide: \(l)", file: file, line: line)
        }
    }

    func testBlocksInOrderWithHeaderTitleSummaryAndPairs() {
        let text = FindingFormatter.render(SampleFindings.all, as: .table, summary: SampleFindings.summary)
        assertFits(text)
        let lines = text.components(separatedBy: "\n")
        XCTAssertEqual(lines[0], "CRITICAL 99  logscale-sms-pumping  2026-11-22 10:00–10:42  ×1200")
        XCTAssertEqual(lines[1], "Host contacting SMS APIs far above its baseline")
        XCTAssertTrue(lines[2].hasPrefix("  Host WEB-07 (aid 8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60) resolved"))
        XCTAssertTrue(lines.contains("  entities: ComputerName=WEB-07  aid=8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  evidence: DomainName=api.twilio.com  EventCount=1200") })
        XCTAssertTrue(lines.contains("HIGH     82  repeated-destination  2026-11-22 09:58:00–09:58:05  ×15"))
        let order = SampleFindings.all.map { f in lines.firstIndex { $0.contains("  \(f.ruleID)  ") } ?? -1 }
        XCTAssertEqual(order, order.sorted())
        XCTAssertFalse(order.contains(-1))
        XCTAssertTrue(lines.contains("Summary"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  events      260,590  cloudtrail 48,210  falcon 120,344") })
        XCTAssertTrue(lines.contains("  findings    5  critical 2  high 2  medium 1  low 0"))
        XCTAssertTrue(lines.contains("  suppressed  3  ComputerName 2  ip 1"))
        XCTAssertTrue(lines.contains("  time range  2026-11-15 00:00 – 2026-11-22 23:59 UTC"))
        XCTAssertTrue(lines.contains("  elapsed     2.4 s"))
    }

    func testNothingExceeds80ColumnsWithLongARNsPathsAndWideText() {
        let arn = "arn:aws:iam::123456789012:role/service-role/very-long-application-notification-sender-role-for-production-eu-west-1"
        let f = Finding(
            ruleID: "caller-destination-join-with-an-unusually-long-rule-identifier-that-keeps-going",
            title: String(repeating: "Very long title about SMS pumping ", count: 5),
            severity: .critical, riskScore: 100, attack: ["T1496.003"],
            firstSeen: SampleFindings.t("2026-11-20T23:50:00Z"), lastSeen: SampleFindings.t("2026-11-22T01:10:00Z"), count: 123_456_789,
            entities: [("aws.cloudtrail.user_identity.arn", .string(arn)), ("user_agent", .string(String(repeating: "Mozilla/5.0 ", count: 20))), ("名前", .string("東京都千代田区丸の内一丁目九番一号東京駅前ビルディング四十五階"))],
            evidence: [("sample_numbers", .array((0..<40).map { .string("+2327612345\($0)") })), (String(repeating: "k", count: 100), .string(String(repeating: "v", count: 200)))],
            sources: ["/var/log/very/deep/directory/structure/that/goes/on/and/on/cloudtrail/123456789012_CloudTrail_eu-west-1_20261122T0110Z_abcdef.json.gz"],
            summary: arn + " published " + String(repeating: "x", count: 150) + " to 40 numbers 😀😀 in the block")
        let text = TableFindingFormatter.render([f], summary: SampleFindings.summary)
        assertFits(text)
        XCTAssertTrue(text.contains("  entities: aws.cloudtrail.user_identity.arn=arn:aws:iam::123…uction-eu-west-1\n"), text)
        XCTAssertTrue(text.contains("  sources:  /var/log/very/deep/directory/str…t-1_20261122T0110Z_abcdef.json.gz\n"), text)
        XCTAssertTrue(text.hasPrefix("CRITICAL 100  caller-de…eps-going  2026-11-20 23:50–2026-11-22 01:10  ×123456789\n"), text)
    }

    func testControlCharactersNeverReachTheTerminal() {
        let f = Finding(ruleID: "r", title: "evil\u{1B}[2J title", severity: .low, attack: [], firstSeen: nil, lastSeen: nil, count: 1,
                        entities: [("host", .string("WEB\u{1B}]0;pwned\u{07}-07\u{202E}"))], summary: "tab\there\nnewline")
        let text = TableFindingFormatter.render([f], summary: HuntSummary())
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x202E })
        XCTAssertTrue(text.contains("  tab here newline"))
        XCTAssertTrue(text.contains("LOW      21  r  ×1"))
    }

    func testNoFindings() {
        let text = TableFindingFormatter.render([], summary: HuntSummary())
        XCTAssertTrue(text.hasPrefix("No findings.\n"))
        assertFits(text)
    }

    func testWrappingBreaksWordsWiderThanALine() {
        let lines = TerminalText.wrap(String(repeating: "a", count: 200) + " end", limit: 78, first: "  ", rest: "  ")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines.allSatisfy { TerminalText.width($0) <= 78 })
        XCTAssertEqual(lines.joined().filter { $0 == "a" }.count, 200)
        XCTAssertTrue(lines[2].hasSuffix(" end"))
    }
}
