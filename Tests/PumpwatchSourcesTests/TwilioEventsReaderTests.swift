import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class TwilioEventsReaderTests: XCTestCase {
    func testWebhookBatchAndNDJSON() throws {
        let batch = "[" + Fixture.twilioEvent(id: "EZ1") + ",\n" + Fixture.twilioEvent(id: "EZ2", status: "undelivered") + "]"
        let fromBatch = try Fixture.read(TwilioEventsReader(), batch, layout: .array)
        XCTAssertEqual(fromBatch.malformed, [])
        XCTAssertEqual(fromBatch.events.map(\.origin.record), [1, 2])
        XCTAssertEqual(fromBatch.events.map { $0["sms.status"] }, [.string("delivered"), .string("undelivered")])
        XCTAssertEqual(fromBatch.events[0].timestampMillis, Timestamp.parse("2026-11-20T10:00:05.000Z"))
        let lines = Fixture.twilioEvent(id: "EZ1") + "\n" + Fixture.twilioEvent(id: "EZ2") + "\n"
        let fromLines = try Fixture.read(TwilioEventsReader(), lines, layout: .lines)
        XCTAssertEqual(fromLines.events.map(\.origin), [Origin(file: "mem.json", line: 1), Origin(file: "mem.json", line: 2)])
        XCTAssertTrue(fromLines.events.allSatisfy { $0.format == .twilioEvents })
    }
}
