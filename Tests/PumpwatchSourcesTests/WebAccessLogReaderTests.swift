import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class WebAccessLogReaderTests: XCTestCase {
    func testCombinedFormatLines() throws {
        let text = [
            Fixture.accessLine(),
            "",
            Fixture.accessLine(ip: "198.51.100.9", path: "/api/auth/send-otp?country=IR", status: 429, time: "20/Nov/2026:10:00:07 +0000"),
            #"192.0.2.1 - frank [10/Oct/2026:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
        ].joined(separator: "\n")
        let outcome = try Fixture.read(WebAccessLogReader(), text, layout: .lines)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map(\.origin.line), [1, 3, 4])
        XCTAssertEqual(outcome.events.map { $0["source.ip"] }, [.string("203.0.113.7"), .string("198.51.100.9"), .string("192.0.2.1")])
        XCTAssertEqual(outcome.events[1]["http.response.status_code"]?.intValue, 429)
        XCTAssertEqual(outcome.events[1].timestampMillis, Timestamp.parse("2026-11-20T10:00:07Z"))
        XCTAssertTrue(outcome.events.allSatisfy { $0.format == .webAccess })
    }

    func testLineThatIsNotAnAccessLogLineIsMalformed() throws {
        let outcome = try Fixture.read(WebAccessLogReader(), Fixture.accessLine() + "\nnot a request line\n", layout: .lines)
        XCTAssertEqual(outcome.events.count, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin.line), [2])
    }
}
