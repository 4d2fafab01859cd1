import XCTest

@testable import PumpwatchGuard

/// Adjacent numbers from rotating addresses.
final class NumberBlockSignalTests: XCTestCase {
    func testSequentialBlockFromRotatingAddresses() {
        let g = T.guardian(T.only("block"))
        var decisions: [Decision] = []
        for i in 0..<8 {
            decisions.append(g.check(CheckRequest(to: "+2327612340\(i)", ip: "203.0.113.\(i)"), at: T.t0 + Int64(i) * T.minute))
        }
        XCTAssertNil(decisions[2].reason("number-block"))
        let fourth = decisions[3].reasons.first { $0.signal == "number-block" }
        XCTAssertEqual(fourth?.value, 4)
        XCTAssertEqual(fourth?.threshold, 4)
        XCTAssertTrue(fourth?.detail.contains("+232761234xx") ?? false, fourth?.detail ?? "")
        XCTAssertEqual(decisions[7].reasons.filter { $0.signal == "number-block" }.count, 2, "the 100- and 1000-number blocks both trip")
        XCTAssertGreaterThanOrEqual(decisions[7].riskScore, 80)
    }

    func testOldRequestsLeaveTheWindowAndVerifiedBlocksDoNotCount() {
        let g = T.guardian(T.only("block"))
        for i in 0..<3 { _ = g.check(CheckRequest(to: "+2327612340\(i)"), at: T.t0 + Int64(i) * T.minute) }
        XCTAssertNil(g.check(CheckRequest(to: "+23276123409"), at: T.t0 + 3 * T.hour).reason("number-block"))
        let h = T.guardian(T.only("block"))
        var d: Decision?
        for i in 0..<6 {
            d = h.check(CheckRequest(to: "+4477009001\(i)0", id: "o\(i)"), at: T.t0 + Int64(i) * T.minute)
            h.verified(id: "o\(i)", at: T.t0 + Int64(i) * T.minute + 30 * T.second)
        }
        XCTAssertNil(d?.reason("number-block"), "an office's consecutive phones that verify")
    }
}
