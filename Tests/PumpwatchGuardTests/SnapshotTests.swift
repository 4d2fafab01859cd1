import Foundation
import XCTest

@testable import PumpwatchGuard

/// Snapshot and restore: a restarted guard keeps its windows.
final class SnapshotTests: XCTestCase {
    func testRestoredGuardContinuesWhereTheFirstStopped() throws {
        let policy = GuardPolicy()
        let a = T.guardian(policy)
        for i in 0..<6 { _ = a.check(CheckRequest(to: "+2327612340\(i)", ip: "203.0.113.\(i)", session: "s", id: "x\(i)"), at: T.t0 + Int64(i) * T.minute) }
        _ = a.check(CheckRequest(to: gb(1), id: "v"), at: T.t0)
        a.verified(id: "v", at: T.t0 + 10 * T.second)
        let state = a.snapshot(at: T.t0 + 7 * T.minute)
        let data = try JSONEncoder().encode(state)
        let decoded = try JSONDecoder().decode(GuardState.self, from: data)
        XCTAssertEqual(decoded, state)
        let b = try Guard(restoring: decoded, policy: policy)
        XCTAssertEqual(b.tableSizes, a.tableSizes)
        XCTAssertEqual(b.stats().checks, 7)
        let next = CheckRequest(to: "+23276123407", ip: "203.0.113.77", session: "s", id: "x7")
        let fromA = a.check(next, at: T.t0 + 8 * T.minute)
        let fromB = b.check(next, at: T.t0 + 8 * T.minute)
        XCTAssertEqual(fromB, fromA)
        XCTAssertTrue(fromB.signals.contains("number-block"))
        XCTAssertTrue(b.verified(id: "x0", at: T.t0 + 9 * T.minute).matched, "pending codes survive")
        XCTAssertEqual(b.check(CheckRequest(to: gb(1)), at: T.t0 + T.hour).reason("verified-number")?.score, -40)
    }

    func testRestoreIntoSmallerLimitsAndBadStates() throws {
        let a = T.guardian()
        for i in 0..<2000 { _ = a.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i) * 10) }
        var state = a.snapshot(at: T.t0)
        var small = GuardPolicy()
        small.limits.numbers = 200
        XCTAssertLessThanOrEqual(try Guard(restoring: state, policy: small).tableSizes["numbers"] ?? 0, 200)
        state.numbers = state.numbers.dropLast(5)
        XCTAssertThrowsError(try Guard(restoring: state)) { e in XCTAssertEqual((e as? GuardStateError)?.part, "numbers") }
        var old = a.snapshot(at: T.t0)
        old.version = 99
        XCTAssertThrowsError(try Guard(restoring: old)) { e in XCTAssertEqual((e as? GuardStateError)?.part, "version") }
    }

    /// Checks that run while a snapshot is packed neither wait for it nor leak into it: the
    /// snapshot's tables and counters are from one instant.
    func testSnapshotIsConsistentWhileChecksGoOn() throws {
        let a = T.guardian()
        for i in 0..<20_000 { _ = a.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i)) }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for i in 20_000..<40_000 { _ = a.check(CheckRequest(to: gb(i)), at: T.t0 + Int64(i)) }
            done.signal()
        }
        let state = a.snapshot(at: T.t0 + 40_000)
        done.wait()
        let b = try Guard(restoring: state)
        let checks = b.stats().checks
        XCTAssertGreaterThanOrEqual(checks, 20_000)
        XCTAssertEqual(b.tableSizes["numbers"], checks, "one new number per check, so the table and the counter agree")
        XCTAssertEqual(a.stats().checks, 40_000)
    }
}
