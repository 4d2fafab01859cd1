@testable import PumpwatchSimulate
import PumpwatchCore
import XCTest

/// The small pieces the scenarios stand on.
final class SupportTests: XCTestCase {
    func testSplitMix64IsStableAcrossRunsAndReleases() {
        var rng = SplitMix64(seed: 1)
        // Reference values of SplitMix64 seeded with 1.
        XCTAssertEqual(rng.next(), 0x910A_2DEC_8902_5CC1)
        XCTAssertEqual(rng.next(), 0xBEEB_8DA1_658E_EC67)
        var a = SplitMix64(seed: 5, label: "x")
        var b = SplitMix64(seed: 5, label: "x")
        var c = SplitMix64(seed: 5, label: "y")
        XCTAssertEqual(a.uuid(), b.uuid())
        XCTAssertNotEqual(a.next(), c.next())
        let uuid = b.uuid()
        XCTAssertEqual(uuid.count, 36)
        XCTAssertEqual(Array(uuid)[14], "4")
        XCTAssertTrue("89ab".contains(Array(uuid)[19]))
        for _ in 0..<1000 {
            XCTAssertTrue((3...9).contains(a.int(in: 3...9)))
            XCTAssertLessThan(a.unit(), 1)
        }
    }

    func testCivilTimeFormatsTheSourcesTimes() {
        let t = CivilTime(millis: Timestamp.parse("2026-11-22T10:05:09.042Z")!)
        XCTAssertEqual(t.isoSeconds, "2026-11-22T10:05:09Z")
        XCTAssertEqual(t.rfc2822, "Sun, 22 Nov 2026 10:05:09 +0000")
        XCTAssertEqual(t.accessLog, "22/Nov/2026:10:05:09 +0000")
        XCTAssertEqual(t.spaceSeparatedMillis, "2026-11-22 10:05:09.042")
        XCTAssertEqual(t.compactMinute, "20261122T1005Z")
        XCTAssertEqual(t.datePath, "2026/11/22")
        XCTAssertEqual(t.isoWithOffset, "2026-11-22T10:05:09+00:00")
        XCTAssertEqual(t.javaMedium, "Nov 22, 2026 10:05:09 AM")
        XCTAssertEqual(CivilTime.epochSecondsWithFraction(1_795_341_600_007), "1795341600.007")
        XCTAssertEqual(Timestamp.parse(t.rfc2822), 1_795_341_909_000)
    }

    func testPhoneNumbersAndPrices() {
        XCTAssertEqual(SimulatedOrganization.atomicTestNumber.e164, "+15550001234")
        XCTAssertEqual(SimulatedOrganization.atomicTestNumber.masked, "+*******1234")
        XCTAssertEqual(TwilioMessage.formatPrice(0.0083), "-0.00830")
        XCTAssertEqual(TwilioMessage.formatPrice(0.924), "-0.92400")
        XCTAssertEqual(SequentialBlockScenario.twilioNumber(block: 0, 7).e164, "+23276123407")
        XCTAssertEqual(SequentialBlockScenario.snsNumber(block: 1, 42).e164, "+8821654321342")
        var rng = SplitMix64(seed: 3)
        for country in CountryCatalog.highRisk + CountryCatalog.lowAndSlow {
            let n = country.randomNumber(&rng)
            XCTAssertEqual(n.e164.count, 1 + country.callingCode.count + country.nationalDigits, country.iso)
        }
    }

    func testAddressPoolSkipsNetworkAddresses() {
        let pool = AddressPool(["203.0.113.0/24"])
        XCTAssertEqual(pool.count, 254)
        XCTAssertEqual(pool.address(0), "203.0.113.1")
        XCTAssertEqual(pool.address(253), "203.0.113.254")
        XCTAssertEqual(pool.address(254), "203.0.113.1")
    }
}
