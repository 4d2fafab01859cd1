import XCTest

@testable import PumpwatchGuard

/// High-risk prefixes, countries never seen in the baseline, expensive destinations.
final class HighRiskDestinationSignalTests: XCTestCase {
    func testStandardPrefixListAndExpensiveDestination() {
        let g = T.guardian(T.only("risk"))
        let sl = g.check(CheckRequest(to: "+23276123456"), at: T.t0)
        XCTAssertEqual(sl.reason("high-risk-prefix")?.score, 40)
        XCTAssertTrue(sl.reason("high-risk-prefix")?.detail.contains("+232") ?? false)
        XCTAssertNil(sl.reason("expensive-destination"), "SL costs 0.2115, under 0.25")
        let sat = g.check(CheckRequest(to: "+881612345678"), at: T.t0)
        XCTAssertNotNil(sat.reason("high-risk-prefix"))
        XCTAssertEqual(sat.reason("expensive-destination")?.value, 0.92)
        XCTAssertEqual(sat.country, "+881")
        XCTAssertTrue(g.check(CheckRequest(to: "+447911123456"), at: T.t0).reasons.isEmpty)
    }

    func testNewCountryNeedsABaseline() {
        let baseline = GuardBaseline(
            start: "2026-09-01T00:00:00.000Z", end: "2026-09-08T00:00:00.000Z", days: 7, sends: 100, verified: 90, hasVerifications: true,
            prefixDigits: 2,
            countries: ["GB": .init(sends: 100, verified: 90, conversion: 0.9, dailySendsMean: 14, dailySendsMax: 20, dailyVerifiedMax: 18, hourlySendsP95: 3)],
            prefixes: [:], sources: [:])
        let warm = T.guardian(T.only("risk"), baseline: baseline)
        XCTAssertNil(warm.check(CheckRequest(to: "+447911123456"), at: T.t0).reason("new-country"))
        let fr = warm.check(CheckRequest(to: "+33612345678"), at: T.t0)
        XCTAssertEqual(fr.reason("new-country")?.score, 40)
        XCTAssertTrue(fr.reason("new-country")?.detail.contains("FR") ?? false)
        XCTAssertNil(T.guardian(T.only("risk")).check(CheckRequest(to: "+33612345678"), at: T.t0).reason("new-country"))
    }

    func testOwnPrefixList() throws {
        let p = try PolicyLoader.parse("signals: {high_risk: {prefixes: [+44 7911], score: 55}}")
        let g = T.guardian(p)
        XCTAssertEqual(g.check(CheckRequest(to: "+447911123456"), at: T.t0).reason("high-risk-prefix")?.score, 55)
        XCTAssertNil(g.check(CheckRequest(to: "+23276123456"), at: T.t0).reason("high-risk-prefix"))
    }
}
