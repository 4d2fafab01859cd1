import XCTest

@testable import PumpwatchGuard

/// Velocity per client address, IPv4 addresses alone and IPv6 by /64.
final class IPVelocitySignalTests: XCTestCase {
    func testHourlyAndDailyPerAddress() {
        let g = T.guardian(T.only("ip"))
        var d: Decision?
        for i in 0..<20 { d = g.check(CheckRequest(to: gb(i), ip: "203.0.113.9"), at: T.t0 + Int64(i) * T.minute) }
        XCTAssertEqual(d?.reason("ip-hourly")?.value, 20)
        XCTAssertEqual(d?.reason("ip-hourly")?.threshold, 20)
        XCTAssertNil(g.check(CheckRequest(to: gb(99), ip: "203.0.113.10"), at: T.t0 + 21 * T.minute).reason("ip-hourly"))
        for i in 0..<40 { d = g.check(CheckRequest(to: gb(i), ip: "203.0.113.9"), at: T.t0 + 3 * T.hour + Int64(i) * 10 * T.minute) }
        XCTAssertEqual(d?.reason("ip-daily")?.value, 60)
    }

    func testIPv6CountsByPrefix64AndNoAddressIsSilent() {
        let g = T.guardian(T.only("ip") { $0.ipVelocity.hourly = Limit(3, score: 30) })
        _ = g.check(CheckRequest(to: gb(1), ip: "2001:db8:1:2::1"), at: T.t0)
        _ = g.check(CheckRequest(to: gb(2), ip: "2001:db8:1:2::ffff"), at: T.t0 + T.second)
        XCTAssertEqual(g.check(CheckRequest(to: gb(3), ip: "2001:db8:1:2:aaaa::9"), at: T.t0 + 2 * T.second).reason("ip-hourly")?.value, 3)
        XCTAssertNil(g.check(CheckRequest(to: gb(4), ip: "2001:db8:1:3::1"), at: T.t0 + 3 * T.second).reason("ip-hourly"))
        for i in 0..<5 { XCTAssertNil(g.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i) * T.second).reason("ip-hourly")) }
        XCTAssertNil(g.check(CheckRequest(to: gb(9), ip: "not an address"), at: T.t0).reason("ip-hourly"))
    }
}
