import XCTest

@testable import PumpwatchGuard

/// Allow lists by network, country and number pattern always win.
final class AllowListSignalTests: XCTestCase {
    func guardian() -> Guard {
        var p = GuardPolicy()
        p.countryRules = CountryRuleSignal(rules: CountryRules(defaultMode: .block))
        p.allowList = AllowListSignal(list: AllowList(
            networks: [CIDRBlock("10.0.0.0/8")!, CIDRBlock("2001:db8::/32")!], countries: ["CA"],
            numbers: [NumberPattern("+1 555 01*")!, NumberPattern("+44 7700 900xxx")!]))
        return T.guardian(p)
    }

    func testEachKindWinsOverABlockingDefault() {
        let g = guardian()
        XCTAssertEqual(g.check(CheckRequest(to: "+23276123456"), at: T.t0).decision, .block)
        let office = g.check(CheckRequest(to: "+23276123456", ip: "10.2.3.4"), at: T.t0)
        XCTAssertEqual(office.decision, .allow)
        XCTAssertEqual(office.reasons.map(\.signal), ["allow-list"])
        XCTAssertTrue(office.reasons[0].detail.contains("10.0.0.0/8"))
        XCTAssertEqual(g.check(CheckRequest(to: "+23276123456", ip: "2001:db8:5::1"), at: T.t0).decision, .allow)
        XCTAssertEqual(g.check(CheckRequest(to: "+14165550123"), at: T.t0).decision, .allow, "Canada is listed")
        XCTAssertEqual(g.check(CheckRequest(to: "+15550123456"), at: T.t0).decision, .allow)
        XCTAssertEqual(g.check(CheckRequest(to: "+447700900123"), at: T.t0).decision, .allow)
        XCTAssertEqual(g.check(CheckRequest(to: "+4477009001234"), at: T.t0).decision, .block, "x matches exactly one digit")
        XCTAssertEqual(g.check(CheckRequest(to: "+23276123456", ip: "11.0.0.1"), at: T.t0).decision, .block)
    }

    func testPatternsAndNetworksParse() {
        XCTAssertNil(NumberPattern("+1 5*5"))
        XCTAssertNil(NumberPattern("abc"))
        XCTAssertTrue(NumberPattern("+1 555 01*")!.matches([1, 5, 5, 5, 0, 1, 9, 9, 9, 9, 9]))
        XCTAssertNil(CIDRBlock("10.0.0.0/33"))
        XCTAssertTrue(CIDRBlock("192.168.1.7")!.contains(ClientAddress("192.168.1.7")!))
        XCTAssertFalse(CIDRBlock("192.168.1.7")!.contains(ClientAddress("192.168.1.8")!))
        XCTAssertTrue(CIDRBlock("::ffff:0:0/96")!.contains(ClientAddress("1.2.3.4")!), "IPv4-mapped blocks match IPv4 addresses")
        XCTAssertFalse(CIDRBlock("2001:db8::/32")!.contains(ClientAddress("1.2.3.4")!))
        XCTAssertFalse(CIDRBlock("0.0.0.0/0")!.contains(ClientAddress("2001:db8::1")!))
    }
}
