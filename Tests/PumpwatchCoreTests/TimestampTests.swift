import XCTest
@testable import PumpwatchCore

final class TimestampTests: XCTestCase {
    let base: Int64 = 1_795_341_600_000  // 2026-11-22T10:00:00Z (a Sunday)

    func testParsesEveryFormatTheSourcesUse() {
        XCTAssertEqual(Timestamp.parse("2026-11-22T10:00:00Z"), base)
        XCTAssertEqual(Timestamp.parse("2026-11-22T10:00:00.250Z"), base + 250)
        XCTAssertEqual(Timestamp.parse("2026-11-22T11:00:00+01:00"), base)
        XCTAssertEqual(Timestamp.parse("2026-11-22 10:00:00"), base)
        XCTAssertEqual(Timestamp.parse("Sun, 22 Nov 2026 10:00:00 +0000"), base)
        XCTAssertEqual(Timestamp.parse("22/Nov/2026:05:00:00 -0500"), base)
        XCTAssertEqual(Timestamp.parse("1795341600"), base)
        XCTAssertEqual(Timestamp.parse("1795341600000"), base)
        XCTAssertEqual(Timestamp.parse("1795341600.5"), base + 500)
    }

    func testRejectsGarbage() {
        for s in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-22T10:00:00+5", "Sun, 22 Foo 2026 10:00:00 +0000"] {
            XCTAssertNil(Timestamp.parse(s), s)
        }
    }

    func testPrintsISO8601WithMillis() {
        XCTAssertEqual(Timestamp.iso8601(millis: base + 7), "2026-11-22T10:00:00.007Z")
        XCTAssertEqual(Timestamp.iso8601(millis: -1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(Timestamp.iso8601(millis: 0), "1970-01-01T00:00:00.000Z")
    }

    func testCivilDaysRoundTrip() {
        for d in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (y, m, day) = Timestamp.civil(fromDays: d)
            XCTAssertEqual(Timestamp.days(year: y, month: m, day: day), d)
        }
    }
}
