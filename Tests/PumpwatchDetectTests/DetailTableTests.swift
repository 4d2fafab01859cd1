import XCTest

@testable import PumpwatchDetect

/// The evidence table keeps hot keys over cold ones within its capacity.
final class DetailTableTests: XCTestCase {
    func testAFullTableDropsColdKeysForNewOnesAndKeepsHotOnes() {
        var t = DetailTable<String, [Int]>(capacity: 3)
        t.update("a", hot: true, make: { [] }) { $0.append(1) }
        t.update("b", hot: false, make: { [] }) { $0.append(2) }
        t.update("c", hot: false, make: { [] }) { $0.append(3) }
        t.update("c", hot: true, make: { [] }) { $0.append(4) }
        // Full, with one cold key (b): it goes, d comes in.
        t.update("d", hot: false, make: { [] }) { $0.append(5) }
        XCTAssertNil(t["b"])
        XCTAssertEqual(t["a"], [1])
        XCTAssertEqual(t["c"], [3, 4])
        XCTAssertEqual(t["d"], [5])
        // d turns hot: the table is full of hot keys, and new keys are left out.
        t.update("d", hot: true, make: { [] }) { $0.append(6) }
        for k in ["e", "f", "g"] { t.update(k, hot: true, make: { [] }) { $0.append(0) } }
        XCTAssertEqual(t.entries.count, 3)
        XCTAssertNil(t["e"])
        XCTAssertEqual(t["d"], [5, 6])
    }
}
