import XCTest

@testable import PumpwatchGuard

/// The counting pieces: sliding counts, linear-counting sketches, country sets, keys.
final class SketchTests: XCTestCase {
    func testSlidingCountWeighsThePreviousWindow() {
        var c = SlidingCount()
        for s in 0..<10 as Range<UInt32> { c.add(at: 3600 * 10 + s * 60, width: 3600) }
        XCTAssertEqual(c.estimate(at: 3600 * 10 + 1800, width: 3600), 10)
        XCTAssertEqual(c.estimate(at: 3600 * 11 + 900, width: 3600), 7.5)
        c.add(at: 3600 * 11 + 900, width: 3600)
        XCTAssertEqual(c.estimate(at: 3600 * 11 + 900, width: 3600), 8.5)
        XCTAssertEqual(c.estimate(at: 3600 * 13, width: 3600), 0)
        c.credit(at: 3600 * 10 + 5, now: 3600 * 11 + 1000, width: 3600)
        XCTAssertEqual(c.previous, 11)
        c.credit(at: 3600 * 5, now: 3600 * 11 + 1000, width: 3600)
        XCTAssertEqual(c.previous, 11, "too old to credit")
    }

    func testLinearCountingEstimates() {
        var b = Bits512()
        for i in 0..<200 as Range<UInt64> { b.insert(hash: KeyHasher.mix(i)) }
        XCTAssertEqual(b.estimate, 200, accuracy: 20)
        var exact = Bits128()
        for i in [0, 5, 99, 5] { exact.set(bit: i) }
        XCTAssertEqual(exact.ones, 3)
        var full = Bits128()
        for i in 0..<128 { full.set(bit: i) }
        XCTAssertEqual(full.estimate, 128 * log(128), accuracy: 0.01)
    }

    func testCountrySetAndKeys() {
        var s = CountrySet()
        for c in ["GB", "FR", "GB", "+881"] { s.insert(CountryKey(c)!) }
        XCTAssertEqual(s.count, 3)
        XCTAssertEqual(s.members.map(\.text).sorted(), ["+881", "FR", "GB"])
        for c in ["DE", "ES", "IT", "NL", "BE", "PL"] { s.insert(CountryKey(c)!) }
        XCTAssertTrue(s.isFull)
        XCTAssertEqual(s.subtracting(CountrySet()).count, 8)
        XCTAssertEqual(CountryKey("gb"), CountryKey("GB"))
        XCTAssertNil(CountryKey("GBR"))
        XCTAssertEqual(CountryKey.unknown.text, "??")
        let h = KeyHasher(seed: 1)
        XCTAssertNotEqual(h.key("abc", tag: 1), h.key("abc", tag: 2))
        XCTAssertNotEqual(h.key("abc", tag: 1), KeyHasher(seed: 2).key("abc", tag: 1))
        XCTAssertEqual(ClientAddress("::ffff:1.2.3.4"), ClientAddress("1.2.3.4"))
        XCTAssertNil(ClientAddress("1.2.3.256"))
    }
}
