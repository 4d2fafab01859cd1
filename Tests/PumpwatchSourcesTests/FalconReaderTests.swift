import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class FalconReaderTests: XCTestCase {
    func testFDRAndLogScaleEventsAsNDJSON() throws {
        let outcome = try Fixture.read(FalconReader(), Fixture.falconFDR + "\n" + Fixture.falconLogScale + "\n", layout: .lines)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.count, 2)
        XCTAssertEqual(outcome.events[0]["DomainName"], .string("api.twilio.com"))
        XCTAssertEqual(outcome.events[1]["RemotePort"], .string("443"))
        XCTAssertEqual(outcome.events[0].timestampMillis, 1_763_632_800_000)
        XCTAssertEqual(outcome.events.map(\.origin.line), [1, 2])
        XCTAssertTrue(outcome.events.allSatisfy { $0.format == .falcon })
    }

    func testLogScaleExportAsAJSONArray() throws {
        let outcome = try Fixture.read(FalconReader(), "[" + Fixture.falconLogScale + ",\n" + Fixture.falconFDR + "]", layout: .array)
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 2])
        XCTAssertEqual(outcome.events.map(\.origin.line), [1, 2])
    }
}
