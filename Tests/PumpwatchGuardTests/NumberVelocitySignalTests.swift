import XCTest

@testable import PumpwatchGuard

/// Velocity per destination number: cooldown, hourly and daily caps, codes piling up unverified.
final class NumberVelocitySignalTests: XCTestCase {
    func testCooldownFiresOnlyWithinIt() {
        let g = T.guardian(T.only("number"))
        XCTAssertNil(g.check(CheckRequest(to: gb(1)), at: T.t0).reason("number-cooldown"))
        let quick = g.check(CheckRequest(to: gb(1)), at: T.t0 + 10 * T.second)
        let r = quick.reason("number-cooldown")
        XCTAssertEqual(r?.value, 10)
        XCTAssertEqual(r?.threshold, 30)
        XCTAssertEqual(r?.score, 30)
        XCTAssertEqual(quick.riskScore, 30)
        XCTAssertEqual(quick.decision, .monitor)
        XCTAssertNil(g.check(CheckRequest(to: gb(1)), at: T.t0 + 2 * T.minute).reason("number-cooldown"))
        XCTAssertNil(g.check(CheckRequest(to: gb(2)), at: T.t0 + 2 * T.minute + T.second).reason("number-cooldown"), "another number has its own cooldown")
    }

    func testHourlyAndDailyCaps() {
        let g = T.guardian(T.only("number") { $0.numberVelocity.unverified = nil })
        var last: Decision?
        for i in 0..<6 { last = g.check(CheckRequest(to: gb(3)), at: T.t0 + Int64(i) * 5 * T.minute) }
        XCTAssertEqual(last?.reason("number-hourly")?.value, 6)
        XCTAssertEqual(last?.reason("number-hourly")?.threshold, 6)
        XCTAssertNil(last?.reason("number-daily"))
        for i in 0..<6 { last = g.check(CheckRequest(to: gb(3)), at: T.t0 + 2 * T.hour + Int64(i) * 15 * T.minute) }
        XCTAssertEqual(last?.reason("number-daily")?.value, 12)
        XCTAssertNil(last?.reason("number-hourly"), "the first six have mostly left the sliding hour")
        XCTAssertEqual(last?.riskScore, 50)
        XCTAssertEqual(last?.decision, .challenge)
    }

    func testUnverifiedCodesPileUpUntilOneIsVerified() {
        let g = T.guardian(T.only("number"))
        var d: Decision?
        for i in 0..<4 { d = g.check(CheckRequest(to: gb(4), id: "r\(i)"), at: T.t0 + Int64(i) * 20 * T.minute) }
        XCTAssertEqual(d?.reason("number-unverified")?.value, 4)
        XCTAssertTrue(g.verified(id: "r3", at: T.t0 + 61 * T.minute).matched)
        XCTAssertNil(g.check(CheckRequest(to: gb(4)), at: T.t0 + 90 * T.minute).reason("number-unverified"))
    }

    func testBlockedRequestsStillCount() {
        let g = T.guardian(T.only("number") { $0.countryRules = CountryRuleSignal(rules: CountryRules(modes: ["GB": .block])) })
        for i in 0..<3 { XCTAssertEqual(g.check(CheckRequest(to: gb(5)), at: T.t0 + Int64(i) * T.minute).decision, .block) }
        g.reload(policy: T.only("number"))
        let d = g.check(CheckRequest(to: gb(5)), at: T.t0 + 2 * T.minute + 5 * T.second)
        XCTAssertEqual(d.reason("number-cooldown")?.value, 5)
        XCTAssertNil(d.reason("number-unverified"), "blocked requests sent no code")
    }
}
