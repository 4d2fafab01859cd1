import XCTest

@testable import PumpwatchDetect

final class SortedInsertionTests: XCTestCase {
    func testKeepsTheArraySortedAndWithoutRepeats() {
        var a: [UInt16] = []
        for v: UInt16 in [5, 1, 9, 5, 3, 1, 0, 9, 7] { a.insertSorted(v) }
        XCTAssertEqual(a, [0, 1, 3, 5, 7, 9])
        a.insertSorted(10)
        a.insertSorted(2)
        XCTAssertEqual(a, [0, 1, 2, 3, 5, 7, 9, 10])
    }
}
