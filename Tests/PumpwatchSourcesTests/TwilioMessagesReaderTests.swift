import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class TwilioMessagesReaderTests: XCTestCase {
    func testMessagesOfAListPage() throws {
        let outcome = try Fixture.read(TwilioMessagesReader(), Fixture.twilioPage(sids: ["SM01", "SM02", "SM03"]), layout: .arrayUnderKey("messages"))
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map { $0["sid"] }, [.string("SM01"), .string("SM02"), .string("SM03")])
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 2, 3])
        XCTAssertEqual(outcome.events.map(\.origin.line), [5, 6, 7])
        XCTAssertEqual(outcome.events[0]["sms.to"], .string("+88213000001"))
        XCTAssertEqual(outcome.events[0].timestampMillis, Timestamp.parse("Thu, 20 Nov 2026 10:00:00 +0000"))
    }

    func testSeveralPagesInOneFile() throws {
        let text = Fixture.twilioPage(sids: ["SM01"]) + "\n" + Fixture.twilioPage(sids: ["SM02", "SM03"], page: 1)
        let outcome = try Fixture.read(TwilioMessagesReader(), text, layout: .arrayUnderKey("messages"))
        XCTAssertEqual(outcome.events.count, 3)
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 2, 3])
    }
}
