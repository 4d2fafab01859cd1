import XCTest

@testable import PumpwatchGuard

/// Velocity per user and session, and the distinct numbers each asks for.
final class IdentityVelocitySignalTests: XCTestCase {
    func testSessionAskingForManyNumbers() {
        let g = T.guardian(T.only("identity"))
        XCTAssertNil(g.check(CheckRequest(to: gb(1), session: "s1"), at: T.t0).reason("session-numbers"))
        XCTAssertNil(g.check(CheckRequest(to: gb(2), session: "s1"), at: T.t0 + T.minute).reason("session-numbers"))
        let d = g.check(CheckRequest(to: gb(3), session: "s1"), at: T.t0 + 2 * T.minute)
        XCTAssertEqual(d.reason("session-numbers")?.value, 3)
        XCTAssertEqual(d.reason("session-numbers")?.score, 40)
        XCTAssertNil(g.check(CheckRequest(to: gb(4), session: "s2"), at: T.t0 + 3 * T.minute).reason("session-numbers"))
    }

    func testUserHourlyAndDaily() {
        let g = T.guardian(T.only("identity") { $0.identityVelocity.userNumbers = nil })
        var d: Decision?
        for i in 0..<8 { d = g.check(CheckRequest(to: gb(7), user: "alice"), at: T.t0 + Int64(i) * 5 * T.minute) }
        XCTAssertEqual(d?.reason("user-hourly")?.value, 8)
        for i in 0..<12 { d = g.check(CheckRequest(to: gb(7), user: "alice"), at: T.t0 + 2 * T.hour + Int64(i) * 30 * T.minute) }
        XCTAssertEqual(d?.reason("user-daily")?.value, 20)
        XCTAssertNil(g.check(CheckRequest(to: gb(7), user: "bob"), at: T.t0 + 9 * T.hour).reason("user-daily"))
    }

    func testUserAndSessionWithTheSameTextAreDistinct() {
        let g = T.guardian(T.only("identity") { $0.identityVelocity.sessionHourly = Limit(2, score: 30) })
        _ = g.check(CheckRequest(to: gb(1), user: "x"), at: T.t0)
        XCTAssertNil(g.check(CheckRequest(to: gb(1), session: "x"), at: T.t0 + T.second).reason("session-hourly"))
    }
}
