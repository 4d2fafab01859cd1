import XCTest

@testable import PumpwatchDetect

final class BoundedCounterTests: XCTestCase {
    func testCountsKeysUpToCapacityAndTheRestAsOther() {
        var c = BoundedCounter<String>(capacity: 2)
        for k in ["ForgotPassword", "ForgotPassword", "SignUp", "ResendConfirmationCode", "SignUp", "InitiateAuth"] { c.add(k) }
        XCTAssertEqual(c.counts, ["ForgotPassword": 2, "SignUp": 2])
        XCTAssertEqual(c.other, 2)
        XCTAssertEqual(c.total, 6)
        XCTAssertEqual(c.topSorted(5).map(\.0), ["ForgotPassword", "SignUp"])
    }

    func testOneKeyAndNoKeys() {
        var one = BoundedCounter<String>(capacity: 1)
        one.add("success", 3)
        one.add("LimitExceededException")
        one.add("success")
        XCTAssertEqual(one.counts, ["success": 4])
        XCTAssertEqual(one.other, 1)
        var none = BoundedCounter<String>(capacity: 0)
        none.add("success")
        XCTAssertEqual(none.counts, [:])
        XCTAssertEqual(none.other, 1)
        XCTAssertEqual(none.total, 1)
        XCTAssertTrue(BoundedCounter<String>().counts.isEmpty)
    }

    func testMergeAddsCountsAndOther() {
        var a = BoundedCounter<String>(capacity: 3)
        a.add("x")
        var b = BoundedCounter<String>(capacity: 2)
        b.add("y", 2)
        b.add("z")
        b.add("x")
        // b kept y and z; its capacity left x out.
        XCTAssertEqual(b.counts, ["y": 2, "z": 1])
        XCTAssertEqual(b.other, 1)
        a.merge(b)
        XCTAssertEqual(a.counts, ["x": 1, "y": 2, "z": 1])
        XCTAssertEqual(a.other, 1)
        XCTAssertEqual(a.total, 5)
    }
}
