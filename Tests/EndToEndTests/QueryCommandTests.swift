import Foundation
import PumpwatchDetect
import XCTest

/// Runs `pumpwatch query` as a user would and compares its output.
final class QueryCommandTests: XCTestCase {
    func testExplainPrintsTheCheckedInPlanOfEachSeed() throws {
        let cql = try CommandRunner.run(["query", "--cql", SeedQueries.logScale, "--explain"])
        XCTAssertEqual(cql.status, 0, cql.stderr)
        XCTAssertEqual(cql.stdout, try CommandRunner.golden("logscale-seed.plan"))
        let esql = try CommandRunner.run(["query", "--esql", SeedQueries.snsDirectToPhone, "--explain"])
        XCTAssertEqual(esql.status, 0, esql.stderr)
        XCTAssertEqual(esql.stdout, try CommandRunner.golden("sns-direct-to-phone-seed.plan"))
    }

    func testSyntaxErrorShowsLineAndCaretAndExitsTwo() throws {
        let r = try CommandRunner.run(["query", "--esql", "from logs-*\n| WHERE a = 1", "--explain"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("line 2, column 11"), r.stderr)
        XCTAssertTrue(r.stderr.contains("  | WHERE a = 1\n            ^"), r.stderr)
        let u = try CommandRunner.run(["query", "--cql", "#event_simpleName=DnsRequest | match(file=\"x.csv\", field=aid)", "--explain"])
        XCTAssertEqual(u.status, 2)
        XCTAssertTrue(u.stderr.contains("unsupported: match"), u.stderr)
    }

    func testQueryReadsFolderAndPrintsNDJSONWithTheQueryColumns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let falcon = (0..<3).map { #"{"event_simpleName":"DnsRequest","aid":"a1","ComputerName":"WEB-07","DomainName":"api.twilio.com","ContextTimeStamp":"1795341600.\#($0)","timestamp":"1795341600000"}"# }
            + [#"{"event_simpleName":"DnsRequest","aid":"a2","ComputerName":"DESK","DomainName":"www.google.com","timestamp":"1795341600000"}"#, "{not json"]
        try falcon.joined(separator: "\n").write(to: dir.appendingPathComponent("falcon.ndjson"), atomically: true, encoding: .utf8)
        try "10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8\"\n".write(to: dir.appendingPathComponent("access.log"), atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["query", "--cql", "#event_simpleName=DnsRequest | DomainName=/twilio/i | groupBy([ComputerName], function=[count(as=n), max(ContextTimeStamp, as=last)])", "--format", "ndjson", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, #"{"ComputerName":"WEB-07","n":3,"last":1795341600.2}"# + "\n")
        XCTAssertTrue(r.stderr.contains("falcon.ndjson:5: malformed record"), r.stderr)
        let strict = try CommandRunner.run(["query", "--cql", "count()", "--strict", dir.path])
        XCTAssertEqual(strict.status, 2)
    }

    func testInspectNamesEachFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"Records":[{"eventVersion":"1.09","eventTime":"2026-11-22T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1"},{"eventVersion":"1.09","eventTime":"2026-11-22T10:00:05Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1"}]}"#
            .write(to: dir.appendingPathComponent("trail.json"), atomically: true, encoding: .utf8)
        try #"{"messages":[{"sid":"SM1","account_sid":"AC1","to":"+447700900123","from":"+15005550006","status":"delivered","direction":"outbound-api","date_created":"Sun, 22 Nov 2026 10:00:00 +0000","price":"-0.04000","price_unit":"USD"}],"page":0,"page_size":50,"next_page_uri":null}"#
            .write(to: dir.appendingPathComponent("page.txt"), atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["inspect", "--format", "json", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].contains(#""format":"twilio-messages""#) && lines[0].contains(#""events":1"#), lines[0])
        XCTAssertTrue(lines[1].contains(#""format":"cloudtrail""#) && lines[1].contains(#""events":2"#) && lines[1].contains(#""first":"2026-11-22T10:00:00.000Z""#), lines[1])
    }
}
