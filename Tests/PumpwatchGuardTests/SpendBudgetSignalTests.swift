import XCTest

@testable import PumpwatchGuard

/// A spend budget per country per day from the price table.
final class SpendBudgetSignalTests: XCTestCase {
    func testBudgetTripsAndResetsAtMidnight() throws {
        let p = try PolicyLoader.parse("""
            prices: {countries: {GB: 0.5}}
            signals: {spend_budget: {countries: {GB: 2}}}
            """)
        var policy = p
        let keep = policy.spendBudget
        policy = T.only("spend")
        policy.spendBudget = keep
        policy.prices = p.prices
        let g = T.guardian(policy)
        for i in 0..<4 { XCTAssertNil(g.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i) * T.minute).reason("spend-budget"), "\(i)") }
        let over = g.check(CheckRequest(to: gb(9)), at: T.t0 + 5 * T.minute)
        XCTAssertEqual(over.reason("spend-budget")?.value, 2.5)
        XCTAssertEqual(over.reason("spend-budget")?.threshold, 2)
        XCTAssertEqual(over.reason("spend-budget")?.score, 45)
        XCTAssertNil(g.check(CheckRequest(to: gb(10)), at: T.t0 + T.day).reason("spend-budget"))
    }

    func testBudgetsFromTheBaseline() {
        let s = SpendBudgetSignal()
        XCTAssertEqual(s.budget(country: "GB", baselineDailySpend: nil, hasBaseline: false), 50)
        XCTAssertEqual(s.budget(country: "ID", baselineDailySpend: nil, hasBaseline: true), 5)
        XCTAssertEqual(s.budget(country: "GB", baselineDailySpend: 1, hasBaseline: true), 10)
        XCTAssertEqual(s.budget(country: "US", baselineDailySpend: 20, hasBaseline: true), 60)
    }

    func testBlockedSendsCostNothing() {
        var p = T.only("spend") { $0.spendBudget.countries = ["SL": 1] }
        p.countryRules = CountryRuleSignal(rules: CountryRules(modes: ["SL": .block]))
        let g = T.guardian(p)
        for i in 0..<10 { _ = g.check(CheckRequest(to: "+2327612345\(i)"), at: T.t0 + Int64(i) * T.second) }
        g.reload(policy: T.only("spend") { $0.spendBudget.countries = ["SL": 1] })
        XCTAssertNil(g.check(CheckRequest(to: "+23276123400"), at: T.t0 + T.minute).reason("spend-budget"))
    }
}
