import XCTest

@testable import PumpwatchGuard

/// Country modes as AWS End User Messaging has them, with number and prefix overrides.
final class CountryRuleSignalTests: XCTestCase {
    static let rules = CountryRules(
        defaultMode: .filter, modes: ["SL": .block, "US": .allow, "FR": .monitor],
        overrides: [
            .init(digits: "2327699", isNumber: false, mode: .filter),
            .init(digits: "23276990001", isNumber: true, mode: .allow),
            .init(digits: "447700900", isNumber: false, mode: .block),
        ])

    func guardian() -> Guard {
        var p = GuardPolicy()
        p.countryRules = CountryRuleSignal(rules: Self.rules)
        return T.guardian(p)
    }

    func testBlockAllowAndFilter() {
        let g = guardian()
        let sl = g.check(CheckRequest(to: "+23276123456"), at: T.t0)
        XCTAssertEqual(sl.decision, .block)
        XCTAssertEqual(sl.riskScore, 100)
        XCTAssertEqual(sl.reasons.map(\.signal), ["country-rule"])
        XCTAssertTrue(sl.reasons[0].detail.contains("country rule for SL"), sl.reasons[0].detail)
        let us = g.check(CheckRequest(to: "+12025550123"), at: T.t0)
        XCTAssertEqual(us.decision, .allow)
        XCTAssertEqual(us.reason("country-rule")?.score, 0)
        let gbOther = g.check(CheckRequest(to: "+447911123456"), at: T.t0)
        XCTAssertEqual(gbOther.decision, .allow)
        XCTAssertTrue(gbOther.reasons.isEmpty, "filter is the default and gives no rule reason")
    }

    func testOverridesBeatTheCountryAndLongestWins() {
        let g = guardian()
        let range = g.check(CheckRequest(to: "+23276991234"), at: T.t0)
        XCTAssertNotEqual(range.decision, .block, "the +232 7699 prefix is filtered, not blocked")
        XCTAssertNil(range.reason("country-rule"))
        let number = g.check(CheckRequest(to: "+23276990001"), at: T.t0)
        XCTAssertEqual(number.decision, .allow)
        XCTAssertTrue(number.reason("country-rule")?.detail.contains("number override") ?? false)
        let gbRange = g.check(CheckRequest(to: "+447700900123"), at: T.t0)
        XCTAssertEqual(gbRange.decision, .block)
        XCTAssertTrue(gbRange.reason("country-rule")?.detail.contains("prefix override +447700900") ?? false)
    }

    func testMonitorModeSendsAndSaysWhatTheSignalsWant() {
        let g = guardian()
        let quiet = g.check(CheckRequest(to: "+33612345678"), at: T.t0)
        XCTAssertEqual(quiet.decision, .allow)
        var d: Decision?
        for i in 0..<8 { d = g.check(CheckRequest(to: "+3361234560\(i)", session: "s"), at: T.t0 + Int64(i) * T.second) }
        XCTAssertEqual(d?.decision, .monitor)
        XCTAssertEqual(d?.policyDecision, .monitor)
        XCTAssertGreaterThanOrEqual(d?.riskScore ?? 0, 80)
        XCTAssertTrue(d?.reason("country-rule")?.detail.contains("the signals recommend block") ?? false, d?.reasons.first?.detail ?? "")
    }
}
