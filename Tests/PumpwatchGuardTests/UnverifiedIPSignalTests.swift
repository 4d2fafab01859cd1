import XCTest

@testable import PumpwatchGuard

/// Unverified codes per address, with Authgear's thresholds.
final class UnverifiedIPSignalTests: XCTestCase {
    func testHourlyFloor() {
        let g = T.guardian(T.only("unverified-ip"))
        var d: Decision?
        for i in 0..<5 { d = g.check(CheckRequest(to: gb(i * 11), ip: "203.0.113.50"), at: T.t0 + Int64(i) * T.minute) }
        XCTAssertNil(d?.reason("ip-unverified"), "four earlier codes")
        d = g.check(CheckRequest(to: gb(77), ip: "203.0.113.50"), at: T.t0 + 6 * T.minute)
        XCTAssertEqual(d?.reason("ip-unverified")?.value, 5)
        XCTAssertEqual(d?.reason("ip-unverified")?.threshold, 5)
        XCTAssertEqual(d?.reason("ip-unverified")?.score, 40)
    }

    func testBusyAddressWhoseUsersVerifyEarnsMore() {
        let g = T.guardian(T.only("unverified-ip"))
        var d: Decision?
        for i in 0..<300 {
            d = g.check(CheckRequest(to: gb(i * 11), ip: "172.56.0.9", id: "q\(i)"), at: T.t0 + Int64(i) * T.minute)
            if i % 8 != 0 { g.verified(id: "q\(i)", at: T.t0 + Int64(i) * T.minute + 30 * T.second) }
        }
        XCTAssertNil(d?.reason("ip-unverified"), d?.reasons.map(\.detail).joined(separator: "; ") ?? "")
    }
}
