import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchGuard

/// Replay: every input format, event-time order, the summary's figures and the NDJSON lines.
final class ReplayTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "guard-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ name: String, _ text: String) -> String {
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let checks = """
        {"time":"2026-09-21T01:00:30Z","to":"+447700900002","ip":"203.0.113.9","id":"b","label":"real-user"}
        {"time":"2026-09-21T01:00:00Z","to":"+447700900001","ip":"203.0.113.9","user":"u1","session":"s1","purpose":"login","channel":"sms","id":"a","label":"real-user"}
        {"type":"verified","id":"a","time":"2026-09-21T01:00:20Z"}
        {"type":"verified","to":"+447700900002","time":"2026-09-21T01:01:00Z"}
        {"time":"2026-09-21T02:00:00Z","to":"+23276123400","ip":"198.51.100.1","id":"c","label":"campaign:test"}
        {"time":"2026-09-21T02:00:05Z","to":"+23276123401","ip":"198.51.100.2","id":"d","label":"campaign:test"}
        {"time":"2026-09-21T02:00:10Z","to":"+23276123402","ip":"198.51.100.3","id":"e","label":"campaign:test"}
        {"time":"2026-09-21T02:00:15Z","to":"+23276123403","ip":"198.51.100.4","id":"f","label":"campaign:test"}
        {"time":"2026-09-21T02:00:20Z","to":"+23276123404","ip":"198.51.100.5","id":"g","label":"campaign:test"}
        """

    func testCheckRequestsAndVerificationsInTimeOrder() throws {
        let path = write("checks.ndjson", Self.checks)
        var malformed: [MalformedRecord] = []
        let input = try ReplayInput.read(paths: [path]) { malformed.append($0) }
        XCTAssertTrue(malformed.isEmpty, "\(malformed)")
        XCTAssertEqual(input.records.count, 9)
        XCTAssertEqual(input.records.map(\.time), input.records.map(\.time).sorted())
        guard case .check(let first) = input.records[0].kind else { return XCTFail("a check first") }
        XCTAssertEqual(first, CheckRequest(to: "+447700900001", ip: "203.0.113.9", user: "u1", session: "s1", purpose: .login, channel: .sms, id: "a"))
        XCTAssertEqual(input.records[0].label, "real-user")

        var lines: [String] = []
        let summary = ReplayRunner(policy: GuardPolicy()).run(input.records) { lines.append(ReplayReport.decisionLine($0)) }
        XCTAssertEqual(summary.requests, 7)
        XCTAssertEqual(summary.verifications, 2)
        XCTAssertEqual(summary.verificationsMatched, 2)
        XCTAssertEqual(summary.legitimate.sends, 2)
        XCTAssertEqual(summary.legitimate.blocked, 0)
        XCTAssertEqual(summary.unverified.sends, 5)
        XCTAssertEqual(summary.labels["campaign:test"]?.sends, 5)
        XCTAssertEqual(summary.pumping?.sends, 5)
        XCTAssertGreaterThanOrEqual(summary.decisions["block"] ?? 0, 1, "the block trips by the fourth number")
        XCTAssertEqual(summary.spend.total, 0.0524 * 2 + 0.2115 * 5, accuracy: 0.01)
        XCTAssertGreaterThan(summary.spend.saved, 0)
        XCTAssertEqual(summary.topReasons.first?.signal.isEmpty, false)

        XCTAssertEqual(lines.count, 7)
        let line = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(line["time"] as? String, "2026-09-21T01:00:00.000Z")
        XCTAssertEqual(line["id"] as? String, "a")
        XCTAssertEqual(line["to"] as? String, "+447700900001")
        XCTAssertEqual(line["ip"] as? String, "203.0.113.9")
        XCTAssertEqual(line["decision"] as? String, "allow")
        XCTAssertEqual(line["risk_score"] as? Int, 0)
        XCTAssertNotNil(line["reasons"] as? [Any])
        let summaryLine = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ReplayReport.summaryLine(summary).utf8)) as? [String: Any])
        XCTAssertEqual(summaryLine["summary"] as? Bool, true)
        XCTAssertEqual(summaryLine["requests"] as? Int, 7)
        XCTAssertTrue(ReplayReport.table(summary).contains("Legitimate sends"))
    }

    func testMonitorModeCountsWhatThePolicyWouldHaveDone() throws {
        let input = try ReplayInput.read(paths: [write("checks.ndjson", Self.checks)]) { _ in }
        var policy = GuardPolicy()
        policy.mode = .monitor
        let summary = ReplayRunner(policy: policy).run(input.records)
        XCTAssertEqual(summary.mode, .monitor)
        XCTAssertEqual(summary.effective, ["allow": 7])
        XCTAssertGreaterThanOrEqual(summary.decisions["block"] ?? 0, 1)
    }

    func testProviderLogsHaveNoAddress() throws {
        let verify = """
            {"specversion":"1.0","type":"com.twilio.accountsecurity.verify.verification.pending","source":"/v2/x","id":"EZ1","time":"2026-09-21T01:00:00Z","data":{"verification_sid":"VE1","to":"+447700900111","created_at":"2026-09-21T01:00:00Z"}}
            {"specversion":"1.0","type":"com.twilio.accountsecurity.verify.verification.approved","source":"/v2/x","id":"EZ2","time":"2026-09-21T01:00:40Z","data":{"verification_sid":"VE1","to":"+447700900111"}}
            {"specversion":"1.0","type":"com.twilio.messaging.message.sent","source":"/x","id":"EZ3","time":"2026-09-21T01:02:00Z","data":{"messageSid":"SM1","to":"+33612345678","from":"+15005550006"}}
            {"specversion":"1.0","type":"com.twilio.messaging.message.delivered","source":"/x","id":"EZ4","time":"2026-09-21T01:02:05Z","data":{"messageSid":"SM1","to":"+33612345678","from":"+15005550006"}}
            """
        let sns = #"{"notification":{"messageId":"m-1","timestamp":"2026-09-21 01:03:00.000"},"delivery":{"destination":"+4915112345678","priceInUSD":0.09,"smsType":"Transactional"},"status":"SUCCESS"}"#
        let page = #"{"messages":[{"sid":"SM9","account_sid":"AC1","to":"+61412345678","from":"+15005550006","status":"delivered","direction":"outbound-api","date_created":"Mon, 21 Sep 2026 01:04:00 +0000","price":"-0.0515"},{"sid":"SM8","account_sid":"AC1","to":"+15005550006","from":"+61412345678","status":"received","direction":"inbound","date_created":"Mon, 21 Sep 2026 01:05:00 +0000"}],"page":0,"page_size":50}"#
        let paths = [write("events.ndjson", verify), write("sns.json", sns), write("messages.json", page)]
        var malformed: [MalformedRecord] = []
        let input = try ReplayInput.read(paths: paths) { malformed.append($0) }
        XCTAssertTrue(malformed.isEmpty, "\(malformed)")
        let kinds = input.records.map { r -> String in
            switch r.kind {
            case .check(let c): return "check \(c.to) \(c.id ?? "-") \(c.ip ?? "no-ip")"
            case .verified(let id, let to): return "verified \(id ?? "-") \(to ?? "-")"
            }
        }
        XCTAssertEqual(kinds, [
            "check +447700900111 VE1 no-ip", "verified VE1 +447700900111", "check +33612345678 SM1 no-ip",
            "check +4915112345678 m-1 no-ip", "check +61412345678 SM9 no-ip",
        ])
        let summary = ReplayRunner(policy: GuardPolicy()).run(input.records)
        XCTAssertEqual(summary.requests, 4)
        XCTAssertEqual(summary.legitimate.sends, 1)
        XCTAssertEqual(summary.verificationsMatched, 1)
    }
}
