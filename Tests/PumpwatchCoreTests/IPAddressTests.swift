import XCTest
@testable import PumpwatchCore

final class IPAddressTests: XCTestCase {
    func testValidation() {
        for ok in ["216.160.83.56", "0.0.0.0", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1%eth0", "::1"] {
            XCTAssertTrue(IPAddress.isValid(ok), ok)
        }
        for bad in ["sns.amazonaws.com", "256.1.1.1", "01.2.3.4", "1.2.3", "", "AWS Internal", "2001:db8:::1"] {
            XCTAssertFalse(IPAddress.isValid(bad), bad)
        }
    }

    func testCIDRMembership() {
        XCTAssertTrue(IPAddress.cidrContains("10.0.0.0/8", "10.200.3.4"))
        XCTAssertFalse(IPAddress.cidrContains("10.0.0.0/8", "11.0.0.1"))
        XCTAssertTrue(IPAddress.cidrContains("203.0.113.0/25", "203.0.113.127"))
        XCTAssertFalse(IPAddress.cidrContains("203.0.113.0/25", "203.0.113.128"))
        XCTAssertTrue(IPAddress.cidrContains("2001:db8::/32", "2001:db8:ffff::1"))
        XCTAssertFalse(IPAddress.cidrContains("2001:db8::/32", "10.0.0.1"))
        XCTAssertTrue(IPAddress.cidrContains("192.0.2.44", "192.0.2.44"))
        XCTAssertEqual(IPAddress.prefix("203.0.113.77", bits: 24), "203.0.113.0")
    }
}
