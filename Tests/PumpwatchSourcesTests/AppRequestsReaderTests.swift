import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class AppRequestsReaderTests: XCTestCase {
    func testJSONArrayExportAndNDJSON() throws {
        let array = "[\n" + Fixture.appRequest(id: "r1") + ",\n" + Fixture.appRequest(id: "r2", time: "2026-11-20T10:00:02.000Z") + "\n]"
        let outcome = try Fixture.read(AppRequestsReader(), array, layout: .array)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map(\.origin), [Origin(file: "mem.json", line: 2, record: 1), Origin(file: "mem.json", line: 3, record: 2)])
        XCTAssertEqual(outcome.events[0]["source.ip"], .string("203.0.113.7"))
        XCTAssertEqual(outcome.events[1].timestampMillis, Timestamp.parse("2026-11-20T10:00:02Z"))
        let lines = try Fixture.read(AppRequestsReader(), Fixture.appRequest(id: "r1") + "\n" + Fixture.appRequest(id: "r2"), layout: .lines)
        XCTAssertEqual(lines.events.count, 2)
    }

    func testLogAnalyticsQueryResultRowsAreNumbered() throws {
        let text = """
            {"tables": [{"name": "PrimaryResult",
              "columns": [{"name": "TimeGenerated", "type": "datetime"}, {"name": "Name", "type": "string"}, {"name": "Url", "type": "string"}, {"name": "ResultCode", "type": "string"}, {"name": "ClientIP", "type": "string"}],
              "rows": [
                ["2026-11-20T10:00:00Z", "POST /api/auth/send-otp", "https://app.example.com/api/auth/send-otp", "200", "203.0.113.7"],
                ["2026-11-20T10:00:01Z", "POST /api/auth/send-otp", "https://app.example.com/api/auth/send-otp", "429", "203.0.113.8"]
              ]}]}
            """
        let outcome = try Fixture.read(AppRequestsReader(), text, layout: .documents)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 2])
        XCTAssertEqual(outcome.events.map { $0["source.ip"] }, [.string("203.0.113.7"), .string("203.0.113.8")])
    }
}
