import XCTest

@testable import PumpwatchGuard

/// The hard memory bound: tables never exceed their limits, however many distinct keys arrive.
final class StateBoundTests: XCTestCase {
    func testMillionDistinctNumbersStayCapped() {
        var tables = StateTables(limits: StateLimits())
        let cap = StateLimits().numbers
        for n in 0..<1_000_000 as Range<UInt64> {
            tables.numbers.update(447_000_000_000 + n, default: NumberRecord()) { $0.lastAttempt = 1 }
        }
        XCTAssertLessThanOrEqual(tables.numbers.count, cap)
        XCTAssertEqual(tables.numbers.count + tables.numbers.evicted, 1_000_000)
    }

    func testAttackThroughTheGuardStaysWithinEveryLimit() {
        var limits = StateLimits()
        for key in StateLimits.keys { limits[key] = 1000 }
        var p = GuardPolicy()
        p.limits = limits
        p.mode = .monitor
        let g = T.guardian(p)
        for i in 0..<30_000 {
            let to = "+4479" + String(100_000_000 + (i &* 7_919_993) % 100_000_000).suffix(8)
            _ = g.check(CheckRequest(to: to, ip: "198.18.\((i % 10_000) >> 8).\(i & 255)", user: "u\(i)", session: "s\(i)", id: "a\(i)"), at: T.t0 + Int64(i) * 10)
        }
        let sizes = g.tableSizes
        for key in StateLimits.keys { XCTAssertLessThanOrEqual(sizes[key] ?? 0, 1000, key) }
        XCTAssertGreaterThanOrEqual(sizes["numbers"] ?? 0, 500)
        let evictions = g.stats().evictions
        XCTAssertGreaterThan(evictions["numbers"] ?? 0, 25_000)
        XCTAssertGreaterThan(evictions["addresses"] ?? 0, 5_000)
    }

    func testShrinkingLimitsOnReloadEvicts() {
        let g = T.guardian()
        for i in 0..<3000 { _ = g.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i) * 10) }
        var p = GuardPolicy()
        p.limits.numbers = 500
        g.reload(policy: p)
        XCTAssertLessThanOrEqual(g.tableSizes["numbers"] ?? 0, 500)
    }
}
