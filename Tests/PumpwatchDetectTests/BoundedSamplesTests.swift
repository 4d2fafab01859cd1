import XCTest

@testable import PumpwatchDetect

final class BoundedSamplesTests: XCTestCase {
    func testKeepsTheFirstValuesAndCountsEveryDistinctOne() {
        var s = BoundedSamples<String>(limit: 2)
        for v in ["+23276120001", "+23276120002", "+23276120001", "+23276120003", "+23276120004", "+23276120003"] { s.insert(v) }
        XCTAssertEqual(s.values, ["+23276120001", "+23276120002"])
        XCTAssertEqual(s.distinct, 4)
        XCTAssertFalse(s.isSaturated)
    }

    func testStopsCountingAtTheCountLimit() {
        var s = BoundedSamples<Int>(limit: 1, countLimit: 3)
        for v in [1, 2, 3, 4, 5, 1, 2] { s.insert(v) }
        XCTAssertEqual(s.values, [1])
        XCTAssertEqual(s.distinct, 3)
        XCTAssertTrue(s.isSaturated)
        var small = BoundedSamples<Int>(limit: 5, countLimit: 2)
        for v in [7, 8, 9, 7] { small.insert(v) }
        XCTAssertEqual(small.values, [7, 8])
        XCTAssertEqual(small.distinct, 2)
        XCTAssertTrue(small.isSaturated)
    }

    func testUnionOfFewAndManyValues() {
        var few = BoundedSamples<Int>(limit: 3)
        few.insert(1)
        var many = BoundedSamples<Int>(limit: 2)
        for v in [1, 2, 3, 4] { many.insert(v) }
        var a = few
        a.formUnion(many)
        XCTAssertEqual(a.distinct, 4)
        XCTAssertEqual(a.values.count, 3)
        XCTAssertEqual(a.values.first, 1)
        var b = many
        b.formUnion(few)
        XCTAssertEqual(b.distinct, 4, "1 was seen already")
        XCTAssertEqual(b.values, [1, 2])
    }
}
