import XCTest

@testable import PumpwatchGuard

/// Trust from verifications: numbers, users and addresses.
final class VerifiedHistorySignalTests: XCTestCase {
    func testVerifiedNumberUserAndAddress() {
        let g = T.guardian(T.only("history"))
        _ = g.check(CheckRequest(to: gb(1), ip: "192.0.2.1", user: "u1", id: "a"), at: T.t0)
        XCTAssertTrue(g.verified(id: "a", at: T.t0 + 20 * T.second).matched)
        _ = g.check(CheckRequest(to: gb(2), ip: "192.0.2.1", id: "b"), at: T.t0 + T.minute)
        XCTAssertTrue(g.verified(to: gb(2), at: T.t0 + T.minute + 15 * T.second).matched)
        let d = g.check(CheckRequest(to: gb(1), ip: "192.0.2.1", user: "u1"), at: T.t0 + 3 * T.day)
        XCTAssertEqual(d.reason("verified-number")?.score, -40)
        XCTAssertEqual(d.reason("verified-number")?.value ?? 0, 3, accuracy: 0.01)
        XCTAssertNil(d.reason("verified-user"), "the user verified three days ago, not in the last day")
        XCTAssertEqual(d.riskScore, 0, "scores never go below 0")
        let e = g.check(CheckRequest(to: gb(3), ip: "192.0.2.1", user: "u1"), at: T.t0 + 2 * T.minute)
        XCTAssertEqual(e.reason("verified-user")?.score, -20)
        XCTAssertEqual(e.reason("verified-ip")?.value, 2)
        XCTAssertNil(g.check(CheckRequest(to: gb(1)), at: T.t0 + 40 * T.day).reason("verified-number"))
    }

    func testVerificationRules() {
        let g = T.guardian()
        XCTAssertFalse(g.verified(id: "never-sent", at: T.t0).matched)
        _ = g.check(CheckRequest(to: gb(5), id: "z"), at: T.t0)
        XCTAssertFalse(g.verified(id: "z", at: T.t0 + 2 * T.hour).matched, "outside the verification window")
        _ = g.check(CheckRequest(to: gb(6), id: "y"), at: T.t0)
        let first = g.verified(id: "y", at: T.t0 + 30 * T.second)
        XCTAssertEqual(first.seconds, 30)
        XCTAssertEqual(first.to, gb(6))
        XCTAssertTrue(g.verified(id: "y", at: T.t0 + 40 * T.second).repeated)
        XCTAssertThrowsError(try g.verified(VerificationRequest(), at: T.t0))
        XCTAssertEqual(g.stats().verifications, 1)
        XCTAssertEqual(g.stats().unmatchedVerifications, 2)
    }
}
