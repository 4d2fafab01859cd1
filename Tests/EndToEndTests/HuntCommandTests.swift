import Foundation
import PumpwatchCore
import XCTest

/// Runs `pumpwatch hunt` and `pumpwatch demo` as a user would.
final class HuntCommandTests: XCTestCase {
    /// The demo reports each of the seed's four attack tests and the campaigns, and of the
    /// benign week only the seed rule's own known false positive (the notification server).
    func testDemoFindsEveryAttackAndOnlyTheKnownFalsePositive() throws {
        let r = try CommandRunner.run(["demo", "--format", "ndjson"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let findings = try r.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        func has(_ rule: String, _ needle: String) -> Bool {
            findings.contains { $0["rule_id"]?.string == rule && JSONWriter.serialize($0).contains(needle) }
        }
        XCTAssertTrue(has("builtin-repeated-destination", "+15550001234"), "Test 1: SNS publish burst")
        XCTAssertTrue(has("builtin-otp-request-flood", "198.51.100.23"), "Test 2: Cognito ForgotPassword flood")
        XCTAssertTrue(has("builtin-otp-endpoint-flood", "203.0.113.77"), "Test 3: OTP endpoint burst")
        XCTAssertTrue(has("builtin-repeated-destination", "+15550005678"), "Test 4: Twilio API burst")
        XCTAssertTrue(has("builtin-sequential-block", "+88216543212"), "sequential block over SNS")
        XCTAssertTrue(has("builtin-sequential-block", "+232761234"), "sequential block over the web OTP flow")
        XCTAssertTrue(has("builtin-conversion-collapse", "app-otp"), "low-and-slow campaign")
        XCTAssertTrue(has("logscale-sms-pumping", "WEB-07"), "compromised host")
        XCTAssertTrue(has("builtin-falcon-host-baseline", "WEB-07"), "compromised host against its baseline")
        // The notification server is flagged by the seed rule by design, and by nothing else.
        let notify = findings.filter { JSONWriter.serialize($0).contains("NOTIFY-01") }
        XCTAssertEqual(notify.map { $0["rule_id"]?.string }, ["logscale-sms-pumping"])
        for f in findings {
            XCTAssertEqual(f.objectMembers?.map(\.0), ["rule_id", "title", "severity", "risk_score", "attack", "first_seen", "last_seen", "count", "entities", "evidence", "fields", "sources", "summary"])
        }
    }

    func testHuntFailsOnSeverityAndHonoursSuppression() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-hunt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = (0..<60).map { i in
            #"{"event_simpleName":"DnsRequest","aid":"a7","ComputerName":"WEB-07","DomainName":"api.twilio.com","ContextProcessId":"42","ContextTimeStamp":"1795341\#(600 + i).5","FileName":"python3.11","timestamp":"1795341\#(600 + i)500"}"#
        }
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("falcon.ndjson"), atomically: true, encoding: .utf8)
        let fail = try CommandRunner.run(["hunt", dir.path, "--format", "ndjson", "--fail-on", "medium", "--now", "2026-11-23T00:00:00Z"])
        XCTAssertEqual(fail.status, 3, fail.stderr)
        XCTAssertTrue(fail.stdout.contains(#""rule_id":"logscale-sms-pumping""#), fail.stdout)
        XCTAssertTrue(fail.stdout.contains(#""count":60"#), fail.stdout)
        let suppress = dir.appendingPathComponent("suppress.txt")
        try "# known application server\nWEB-07\n".write(to: suppress, atomically: true, encoding: .utf8)
        let quiet = try CommandRunner.run(["hunt", dir.path, "--suppress", suppress.path, "--fail-on", "medium", "--now", "2026-11-23T00:00:00Z"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertTrue(quiet.stdout.contains("suppressed"), quiet.stdout)
        XCTAssertFalse(quiet.stdout.contains("logscale-sms-pumping"), quiet.stdout)
        for line in quiet.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
    }
}
