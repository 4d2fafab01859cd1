import XCTest

@testable import PumpwatchGuard

/// Unverified codes and conversion per country and prefix.
final class ConversionSignalTests: XCTestCase {
    func testUnverifiedCodesToACountryPerHourAndDay() {
        let g = T.guardian(T.only("conversion"))
        var d: Decision?
        for i in 0..<4 { d = g.check(CheckRequest(to: gb(i * 37)), at: T.t0 + Int64(i) * T.minute) }
        XCTAssertNil(d?.reason("country-unverified"), "three earlier codes")
        d = g.check(CheckRequest(to: gb(999)), at: T.t0 + 5 * T.minute)
        XCTAssertEqual(d?.reason("country-unverified")?.value, 4)
        XCTAssertEqual(d?.reason("country-unverified")?.threshold, 3.33, "Authgear's hourly floor: the daily floor of 20 over 6")
        let h = T.guardian(T.only("conversion"))
        for i in 0..<20 { d = h.check(CheckRequest(to: gb(i * 37)), at: T.t0 + Int64(i) * 50 * T.minute) }
        XCTAssertNil(d?.reason("country-unverified"))
        d = h.check(CheckRequest(to: gb(999)), at: T.t0 + 20 * 50 * T.minute)
        XCTAssertEqual(d?.reason("country-unverified")?.value, 20)
        XCTAssertEqual(d?.reason("country-unverified")?.threshold, 20)
        XCTAssertTrue(d?.reason("country-unverified")?.detail.contains("last day") ?? false)
        XCTAssertEqual(d?.reason("country-conversion")?.value, 0)
        XCTAssertEqual(d?.reason("country-conversion")?.threshold, 0.35)
        XCTAssertEqual(d?.riskScore, 60, "aggregate points are capped")
        XCTAssertEqual(d?.decision, .challenge)
    }

    func testVerifiedTrafficRaisesTheAllowance() {
        let g = T.guardian(T.only("conversion"))
        var d: Decision?
        for i in 0..<200 {
            d = g.check(CheckRequest(to: gb(i * 37), id: "k\(i)"), at: T.t0 + Int64(i) * 10 * T.second)
            if i % 10 != 0 { g.verified(id: "k\(i)", at: T.t0 + Int64(i) * 10 * T.second + 5 * T.second) }
        }
        XCTAssertNil(d?.reason("country-unverified"))
        XCTAssertNil(d?.reason("country-conversion"))
    }

    func testBaselineConversionAndPrefix() {
        let baseline = GuardBaseline(
            start: "2026-09-01T00:00:00.000Z", end: "2026-09-08T00:00:00.000Z", days: 7, sends: 700, verified: 630, hasVerifications: true,
            prefixDigits: 2,
            countries: ["IN": .init(sends: 700, verified: 630, conversion: 0.9, dailySendsMean: 100, dailySendsMax: 120, dailyVerifiedMax: 110, hourlySendsP95: 10)],
            prefixes: ["+9198": .init(sends: 300, verified: 280, conversion: 0.933)], sources: [:])
        let g = T.guardian(T.only("conversion"), baseline: baseline)
        var d: Decision?
        for i in 0..<30 {
            d = g.check(CheckRequest(to: "+919812\(String(100_000 + i * 13).suffix(6))", id: "n\(i)"), at: T.t0 + Int64(i) * T.minute)
            if i % 3 == 0 { g.verified(id: "n\(i)", at: T.t0 + Int64(i) * T.minute + 20 * T.second) }
        }
        let c = d?.reason("country-conversion")
        XCTAssertEqual(c?.threshold, 0.45)
        XCTAssertTrue(c?.detail.contains("against 90% normally") ?? false, c?.detail ?? "")
        let p = d?.reason("prefix-conversion")
        XCTAssertTrue(p?.detail.contains("+9198") ?? false, p?.detail ?? "")
        XCTAssertEqual(p?.threshold ?? 0, 0.47, accuracy: 0.01)
    }

    func testQuietCountriesAreJudgedOverAWeek() {
        let g = T.guardian(T.only("conversion") { $0.conversion.dailyFloor = 1000; $0.conversion.hourlyFloor = 1000 })
        var d: Decision?
        for i in 0..<40 { d = g.check(CheckRequest(to: "+62812\(String(10_000_000 + i * 7).suffix(7))"), at: T.t0 + Int64(i) * 4 * T.hour) }
        XCTAssertTrue(d?.reason("country-conversion")?.detail.contains("last week") ?? false, d?.reasons.map(\.detail).joined() ?? "")
    }
}
