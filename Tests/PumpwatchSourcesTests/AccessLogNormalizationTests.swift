import PumpwatchCore
import PumpwatchSources
import XCTest

/// nginx and Apache combined-format access log lines.
final class AccessLogNormalizationTests: XCTestCase {
    private let origin = Origin(file: "access.log", line: 12)

    func testCombinedLine() throws {
        let line = #"198.51.100.44 - - [10/Oct/2026:13:55:36 +0000] "POST /api/auth/send-otp?country=GB HTTP/1.1" 200 57 "https://shop.example.com/signup" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36""#
        let e = try Normalizer.event(accessLogLine: line, origin: origin)
        XCTAssertEqual(e.format, .webAccess)
        XCTAssertEqual(e.origin, origin)
        XCTAssertEqual(e["event.dataset"], .string("web.access"))
        XCTAssertEqual(e["@timestamp"], .date(1_791_640_536_000))
        XCTAssertEqual(e["source.ip"], .string("198.51.100.44"))
        XCTAssertEqual(e["http.request.method"], .string("POST"))
        XCTAssertEqual(e["url.original"], .string("/api/auth/send-otp?country=GB"))
        XCTAssertEqual(e["url.path"], .string("/api/auth/send-otp"))
        XCTAssertEqual(e["url.query"], .string("country=GB"))
        XCTAssertEqual(e["http.version"], .string("1.1"))
        XCTAssertEqual(e["http.response.status_code"], .int(200))
        XCTAssertEqual(e["http.response.body.bytes"], .int(57))
        XCTAssertEqual(e["http.request.referrer"], .string("https://shop.example.com/signup"))
        XCTAssertEqual(e["user_agent.name"], .string("Chrome"))
        XCTAssertEqual(e["event.original"], .string(line))
        XCTAssertNil(e["user.name"])
    }

    func testTimeZoneUserEscapedQuoteAndMissingBytes() throws {
        let line = #"2001:db8::7 - alice [10/Oct/2026:15:55:36 +0200] "GET /login HTTP/2.0" 304 - "-" "curl/8.5.0 \"probe\"""#
        let e = try Normalizer.event(accessLogLine: line, origin: origin)
        XCTAssertEqual(e["@timestamp"], .date(1_791_640_536_000))
        XCTAssertEqual(e["source.ip"], .string("2001:db8::7"))
        XCTAssertEqual(e["user.name"], .string("alice"))
        XCTAssertNil(e["http.response.body.bytes"])
        XCTAssertNil(e["http.request.referrer"])
        XCTAssertEqual(e["user_agent.original"], .string(#"curl/8.5.0 "probe""#))
        XCTAssertEqual(e["user_agent.name"], .string("curl"))
    }

    func testCommonFormatLineWithoutRefererAndAgent() throws {
        let e = try Normalizer.event(accessLogLine: #"203.0.113.5 - - [10/Oct/2026:13:55:36 +0000] "GET / HTTP/1.0" 200 2326"#, origin: origin)
        XCTAssertEqual(e["url.path"], .string("/"))
        XCTAssertNil(e["user_agent.original"])
    }

    func testLineThatIsNotCombinedFormatThrowsWithAReason() {
        for bad in ["hello world", #"198.51.100.44 - - 10/Oct/2026:13:55:36 "GET / HTTP/1.1" 200 5"#,
                    #"198.51.100.44 - - [10/Oct/2026:13:55:36 +0000] "GET / HTTP/1.1" OK 5"#] {
            XCTAssertThrowsError(try Normalizer.event(accessLogLine: bad, origin: origin), bad) { error in
                let malformed = error as? MalformedRecord
                XCTAssertEqual(malformed?.origin, origin)
                XCTAssertTrue(malformed?.reason.hasPrefix("not an access log line in the combined format") ?? false, "\(error)")
            }
        }
    }

    func testAccessLogRecordThroughTheFormatEntryPoint() throws {
        let events = try Normalizer.events(
            format: .webAccess,
            record: .string(#"198.51.100.44 - - [10/Oct/2026:13:55:36 +0000] "POST /otp HTTP/1.1" 429 0 "-" "-""#),
            origin: origin)
        XCTAssertEqual(events.first?["http.response.status_code"], .int(429))
        XCTAssertEqual(events.first?["event.outcome"], .string("failure"))
    }
}
