import Foundation
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

final class NotificationSlackMessageTests: XCTestCase {
    func alert(_ draft: AlertDraft = NotificationFixture.draft()) -> AlertRecord {
        AlertRecord(id: 42, draft: draft, state: .open, createdAt: NotificationFixture.t0, updatedAt: NotificationFixture.t0, occurrences: 1)
    }

    func testBodyHasFallbackTextAndBlocks() throws {
        let o = try NotificationFixture.object(SlackMessage(alert: alert()).json)
        let text = try XCTUnwrap(o["text"] as? String)
        XCTAssertTrue(text.hasPrefix("[HIGH] Repeated OTP sends to +374 77 00 1xxx from one caller (risk 73)"), text)
        let blocks = try XCTUnwrap(o["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["type"] as? String }, ["section", "section", "section", "section", "context"])
        let title = try XCTUnwrap((blocks[0]["text"] as? [String: Any])?["text"] as? String)
        XCTAssertEqual(title, "*Repeated OTP sends to +374 77 00 1xxx from one caller*")
        XCTAssertEqual((blocks[0]["text"] as? [String: Any])?["type"] as? String, "mrkdwn")
        let fields = try XCTUnwrap(blocks[1]["fields"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        XCTAssertEqual(
            fields,
            [
                "*Severity*\nHIGH", "*Risk score*\n73", "*Rule*\nrepeated-destination", "*Events*\n41",
                "*First seen*\n2026-11-27T09:51:00.000Z", "*Last seen*\n2026-11-27T09:59:45.000Z",
            ])
        let entities = try XCTUnwrap((blocks[2]["text"] as? [String: Any])?["text"] as? String)
        XCTAssertEqual(
            entities,
            "*Entities*\n• destination_prefix: +37477001\n• caller_arn: arn:aws:iam::111122223333:user/otp-svc\n• source_ip: 198.51.100.23")
        let summary = try XCTUnwrap((blocks[3]["text"] as? [String: Any])?["text"] as? String)
        XCTAssertTrue(summary.hasSuffix("$0.21 &amp; rising &lt;spike&gt;"), summary)
        let context = try XCTUnwrap((blocks[4]["elements"] as? [[String: Any]])?.first?["text"] as? String)
        XCTAssertEqual(context, "pumpwatch alert 42 · ATT&amp;CK T1496.003")
    }

    /// Alert text cannot ping a channel or form a link: `&`, `<` and `>` arrive escaped everywhere.
    func testAlertTextIsEscaped() throws {
        var draft = NotificationFixture.draft()
        draft.title = "<!channel> pumping via <https://evil.example|click> & more"
        draft.entities = #"[["user","<@U024BE7LH>"]]"#
        let json = SlackMessage(alert: alert(draft)).json
        let body = String(decoding: json, as: UTF8.self)
        XCTAssertFalse(body.contains("<!channel>"))
        XCTAssertFalse(body.contains("<https://"))
        XCTAssertFalse(body.contains("<@U024BE7LH>"))
        let o = try NotificationFixture.object(json)
        XCTAssertTrue((o["text"] as? String)?.contains("&lt;!channel&gt; pumping via &lt;https://evil.example|click&gt; &amp; more") == true)
        let blocks = try XCTUnwrap(o["blocks"] as? [[String: Any]])
        XCTAssertEqual((blocks[2]["text"] as? [String: Any])?["text"] as? String, "*Entities*\n• user: &lt;@U024BE7LH&gt;")
    }

    /// Long summaries are cut to Slack's 3000-character section limit without splitting an escape.
    func testLongTextIsCutToSlackLimits() throws {
        var draft = NotificationFixture.draft()
        draft.summary = String(repeating: "a&b ", count: 2000)
        let o = try NotificationFixture.object(SlackMessage(alert: alert(draft)).json)
        let blocks = try XCTUnwrap(o["blocks"] as? [[String: Any]])
        let summary = try XCTUnwrap((blocks[3]["text"] as? [String: Any])?["text"] as? String)
        XCTAssertLessThanOrEqual(summary.count, 3000)
        XCTAssertTrue(summary.hasSuffix("…"))
        let cut = summary.dropLast()
        XCTAssertTrue(String(repeating: "a&amp;b ", count: 2000).hasPrefix(cut))
        let lastAmpersand = try XCTUnwrap(cut.lastIndex(of: "&"))
        XCTAssertTrue(cut[lastAmpersand...].hasPrefix("&amp;"), String(cut.suffix(12)))
        XCTAssertEqual(SlackMessage.escaped("a<b", limit: 6), "a&lt;b")
        XCTAssertEqual(SlackMessage.escaped("a<b", limit: 5), "a…", "an escape is kept whole or dropped")
    }
}
