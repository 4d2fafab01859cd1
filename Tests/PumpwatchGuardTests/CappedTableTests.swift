import XCTest

@testable import PumpwatchGuard

/// The capped two-generation LRU: bounded, keeps recently used records, evicts old ones.
final class CappedTableTests: XCTestCase {
    func testMillionKeysStayWithinCapacity() {
        var t = CappedTable<NumberRecord>(capacity: 10_000)
        for k in 0..<1_000_000 as Range<UInt64> {
            t.update(k, default: NumberRecord()) { $0.lastAttempt = 1 }
        }
        XCTAssertLessThanOrEqual(t.count, 10_000)
        XCTAssertGreaterThanOrEqual(t.count, 5_000)
        XCTAssertEqual(t.evicted + t.count, 1_000_000)
        XCTAssertNotNil(t.peek(999_999))
        XCTAssertNil(t.peek(0))
    }

    func testRecentlyUsedRecordSurvivesRotation() {
        var t = CappedTable<NumberRecord>(capacity: 100)
        t.update(7, default: NumberRecord()) { $0.verifications = 3 }
        for k in 1000..<1300 as Range<UInt64> {
            t.update(k, default: NumberRecord()) { _ in }
            if k % 20 == 0 { t.update(7, default: NumberRecord()) { _ in } }
        }
        XCTAssertEqual(t.peek(7)?.verifications, 3)
        XCTAssertNil(t.peek(1000))
    }

    func testPackedRoundTripAndShrink() throws {
        var t = CappedTable<NumberRecord>(capacity: 1000)
        for k in 1...300 as ClosedRange<UInt64> {
            t.update(k, default: NumberRecord()) { r in
                r.lastAttempt = UInt32(k)
                r.attempts.add(at: UInt32(k) * 10)
                r.pending = k * 7
            }
        }
        let restored = try CappedTable<NumberRecord>(packed: t.packed(), capacity: 1000, part: "numbers")
        XCTAssertEqual(restored.count, 300)
        XCTAssertEqual(restored.peek(42), t.peek(42))
        var small = restored
        small.resize(capacity: 100)
        XCTAssertLessThanOrEqual(small.count, 100)
        XCTAssertGreaterThanOrEqual(small.count, 50)
        XCTAssertEqual(small.count + small.evicted, 300)
        for k in 1000..<1400 as Range<UInt64> { small.update(k, default: NumberRecord()) { _ in } }
        XCTAssertLessThanOrEqual(small.count, 100)
        XCTAssertThrowsError(try CappedTable<NumberRecord>(packed: Array(t.packed().dropLast(3)), capacity: 1000, part: "numbers")) { error in
            XCTAssertEqual((error as? GuardStateError)?.part, "numbers")
        }
    }
}
