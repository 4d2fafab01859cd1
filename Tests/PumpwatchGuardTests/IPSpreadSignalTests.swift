import XCTest

@testable import PumpwatchGuard

/// Distinct numbers and countries per address, less what verified.
final class IPSpreadSignalTests: XCTestCase {
    func testDistinctNumbersPerAddress() {
        let g = T.guardian(T.only("spread"))
        var d: Decision?
        for i in 0..<10 { d = g.check(CheckRequest(to: gb(i * 7919), ip: "198.51.100.7"), at: T.t0 + Int64(i) * T.minute) }
        let r = d?.reason("ip-numbers")
        XCTAssertNotNil(r)
        XCTAssertEqual(r?.threshold, 10)
        XCTAssertEqual(r?.score, 35)
        XCTAssertNil(g.check(CheckRequest(to: gb(5), ip: "198.51.100.8"), at: T.t0 + 11 * T.minute).reason("ip-numbers"))
    }

    func testVerifiedNumbersDoNotCount() {
        let g = T.guardian(T.only("spread"))
        var d: Decision?
        for i in 0..<12 {
            d = g.check(CheckRequest(to: gb(i * 7919), ip: "198.51.100.7", id: "v\(i)"), at: T.t0 + Int64(i) * T.minute)
            g.verified(id: "v\(i)", at: T.t0 + Int64(i) * T.minute + 20 * T.second)
        }
        XCTAssertNil(d?.reason("ip-numbers"), "a carrier address whose users verify is not spreading")
    }

    func testCountriesPerAddressExcludeVerifiedOnes() {
        let g = T.guardian(T.only("spread"))
        let numbers = ["+447700900001", "+33612345678", "+4915112345678", "+34612345678", "+61412345678"]
        var d: Decision?
        for (i, n) in numbers.enumerated() { d = g.check(CheckRequest(to: n, ip: "192.0.2.5", id: "c\(i)"), at: T.t0 + Int64(i) * T.minute) }
        XCTAssertEqual(d?.reason("ip-countries")?.value, 5)
        XCTAssertEqual(d?.reason("ip-countries")?.threshold, 4)
        let h = T.guardian(T.only("spread"))
        for (i, n) in numbers.enumerated() {
            d = h.check(CheckRequest(to: n, ip: "192.0.2.5", id: "c\(i)"), at: T.t0 + Int64(i) * T.minute)
            if i < 2 { h.verified(id: "c\(i)", at: T.t0 + Int64(i) * T.minute + 10 * T.second) }
        }
        XCTAssertNil(d?.reason("ip-countries"), "3 unverified countries is within Authgear's limit")
    }
}
