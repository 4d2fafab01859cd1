import Foundation
import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

final class GrokPatternsTests: XCTestCase {
    /// True when the library pattern `name` matches all of `text`, with Swift's Regex.
    private func matches(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let body = GrokPatterns.regex(named: name) else {
            XCTFail("no pattern \(name)", file: file, line: line)
            return false
        }
        do {
            return try text.wholeMatch(of: Regex("(?:\(body))")) != nil
        } catch {
            XCTFail("\(name): \(error)", file: file, line: line)
            return false
        }
    }

    func testCommonPatternsExist() {
        for name in ["WORD", "NOTSPACE", "DATA", "GREEDYDATA", "INT", "NUMBER", "IP", "IPV4", "IPV6", "HOSTNAME", "USERNAME",
            "EMAILADDRESS", "URIPATH", "URIPARAM", "URI", "HTTPDATE", "TIMESTAMP_ISO8601", "LOGLEVEL", "QUOTEDSTRING", "SPACE",
            "UUID", "MAC", "POSINT", "IPORHOST", "PATH", "SYSLOGTIMESTAMP", "MONTH", "DAY", "YEAR", "TIME"]
        {
            XCTAssertNotNil(GrokPatterns.library[name], name)
        }
    }

    func testEveryPatternCompilesInBothRegexEngines() {
        for name in GrokPatterns.library.keys.sorted() {
            guard let body = GrokPatterns.regex(named: name) else { XCTFail(name); continue }
            XCTAssertFalse(body.contains("%{"), name)
            XCTAssertNoThrow(try Regex(body), name)
            XCTAssertNoThrow(try NSRegularExpression(pattern: body), name)
            // Library patterns never capture.
            XCTAssertEqual((try? NSRegularExpression(pattern: body))?.numberOfCaptureGroups, 0, name)
        }
    }

    func testPatternsMatchTypicalValues() {
        XCTAssertTrue(matches("WORD", "Publish"))
        XCTAssertFalse(matches("WORD", "two words"))
        XCTAssertTrue(matches("NOTSPACE", "aws-sdk-go/1.44"))
        XCTAssertTrue(matches("INT", "-42"))
        XCTAssertTrue(matches("NUMBER", "3.25"))
        XCTAssertTrue(matches("POSINT", "443"))
        XCTAssertTrue(matches("IPV4", "203.0.113.7"))
        XCTAssertFalse(matches("IPV4", "256.1.1.1"))
        XCTAssertTrue(matches("IPV6", "2001:db8::ff00:42:8329"))
        XCTAssertTrue(matches("IPV6", "::1"))
        XCTAssertTrue(matches("IP", "10.1.2.3"))
        XCTAssertTrue(matches("IP", "fe80::1%eth0"))
        XCTAssertTrue(matches("HOSTNAME", "sns.us-east-1.amazonaws.com"))
        XCTAssertTrue(matches("USERNAME", "jane.doe_1"))
        XCTAssertTrue(matches("EMAILADDRESS", "jane.doe+sms@example.co.uk"))
        XCTAssertTrue(matches("UUID", "21e4d0ee-e955-11ef-8c29-f661ea17fbce"))
        XCTAssertTrue(matches("MAC", "00:1A:2b:3c:4D:5e"))
        XCTAssertTrue(matches("MAC", "001a.2b3c.4d5e"))
        XCTAssertTrue(matches("URIPATH", "/v1/sms/send"))
        XCTAssertTrue(matches("URIPARAM", "?to=%2B15551234567&x=1"))
        XCTAssertTrue(matches("URIPATHPARAM", "/otp?phone=1"))
        XCTAssertTrue(matches("URI", "https://user@api.example.com:8443/v1/otp?x=1"))
        XCTAssertTrue(matches("HTTPDATE", "10/Oct/2026:13:55:36 +0000"))
        XCTAssertTrue(matches("TIMESTAMP_ISO8601", "2026-11-20T10:00:00.123Z"))
        XCTAssertTrue(matches("TIMESTAMP_ISO8601", "2026-11-20 10:00:00+01:00"))
        XCTAssertTrue(matches("SYSLOGTIMESTAMP", "Nov  2 10:00:00"))
        XCTAssertTrue(matches("LOGLEVEL", "WARNING"))
        XCTAssertTrue(matches("LOGLEVEL", "info"))
        XCTAssertTrue(matches("QUOTEDSTRING", #""say \"hi\"""#))
        XCTAssertTrue(matches("SPACE", "  "))
        XCTAssertTrue(matches("GREEDYDATA", "anything at all"))
        XCTAssertTrue(matches("PATH", #"C:\Windows\System32"#))
        XCTAssertTrue(matches("PATH", "/var/log/syslog"))
    }

    func testExpansionCapturesColumnsInOrder() throws {
        let e = try GrokPatterns.expand("%{IP:client.ip} %{WORD:verb} %{URIPATHPARAM:request} %{NUMBER:bytes:int} (?<rest>.*)")
        XCTAssertEqual(e.groupNames, ["client.ip", "verb", "request", "bytes", "rest"])
        XCTAssertEqual(e.regexGroupNames, ["g1", "verb", "request", "bytes", "rest"])
        XCTAssertEqual(e.groupTypes, [nil, nil, nil, .integer, nil])
        XCTAssertEqual(e.source, "%{IP:client.ip} %{WORD:verb} %{URIPATHPARAM:request} %{NUMBER:bytes:int} (?<rest>.*)")

        let line = "198.51.100.4 GET /v1/otp?to=1 512 tail text"
        let match = try XCTUnwrap(line.firstMatch(of: Regex(e.regex)))
        XCTAssertEqual(match.output.count, 6)
        XCTAssertEqual((1..<match.output.count).map { match.output[$0].substring.map(String.init) }, ["198.51.100.4", "GET", "/v1/otp?to=1", "512", "tail text"])

        let ns = try NSRegularExpression(pattern: e.regex)
        XCTAssertEqual(ns.numberOfCaptureGroups, 5)
        let found = try XCTUnwrap(ns.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)))
        XCTAssertEqual(Range(found.range(withName: "verb"), in: line).map { String(line[$0]) }, "GET")
        XCTAssertEqual(Range(found.range(withName: "g1"), in: line).map { String(line[$0]) }, "198.51.100.4")
    }

    func testRawGroupsDoNotCapture() throws {
        let e = try GrokPatterns.expand(#"(GET|POST) %{WORD:w} [(]x[)] \(y\) (?:z)?(?=a)?"#)
        XCTAssertEqual(e.groupNames, ["w"])
        XCTAssertEqual(e.regex, #"(?:GET|POST) (?<w>\b\w+\b) [(]x[)] \(y\) (?:z)?(?=a)?"#)
    }

    func testTypeSuffixes() throws {
        let e = try GrokPatterns.expand("%{INT:a:int} %{INT:b:long} %{NUMBER:c:float} %{NUMBER:d:double} %{WORD:e:boolean} %{WORD:f}")
        XCTAssertEqual(e.groupTypes, [.integer, .long, .double, .double, .boolean, nil])
    }

    func testGeneratedGroupNamesNeverClash() throws {
        let e = try GrokPatterns.expand("%{WORD:a_b} %{WORD:g1} %{WORD:a} %{WORD:a}")
        XCTAssertEqual(e.groupNames, ["a_b", "g1", "a", "a"])
        XCTAssertEqual(Set(e.regexGroupNames).count, 4)
        XCTAssertNoThrow(try NSRegularExpression(pattern: e.regex))
        XCTAssertNoThrow(try Regex(e.regex))
    }

    func testFailures() {
        func failure(_ pattern: String) -> String {
            do throws(GrokPatterns.Failure) {
                _ = try GrokPatterns.expand(pattern)
                return "no failure"
            } catch {
                return "\(error.offset): \(error.message)"
            }
        }
        XCTAssertEqual(failure("%{WORD:a} %{NOPE:b}"), "10: unknown GROK pattern 'NOPE'")
        XCTAssertEqual(failure("x %{WORD:a"), "2: the '%{' opened here is never closed")
        XCTAssertEqual(failure("%{WORD:a:hex}"), "0: unknown GROK type 'hex'")
        XCTAssertEqual(failure("%{WO RD}"), "0: malformed GROK reference '%{WO RD}'")
    }
}
