import Foundation
import XCTest

@testable import PumpwatchServer

final class DetectionConfigurationTests: XCTestCase {
    func read(_ yaml: String) throws -> DetectionConfiguration {
        let root = try ConfigNode.parse(yaml, file: nil)
        let node = try XCTUnwrap(try root.mapping(allowed: ["detection"]).first?.1)
        return try DetectionConfiguration.read(node, resolve: { "/etc/pumpwatch/" + $0 })
    }

    func testTheDocumentedExample() throws {
        let c = try read(
            """
            detection:
              rules: [./rules]
              lateness: 5m
              evaluate_interval: 1s
              dedup_window: 24h
              replay: 7d
              priority: background
              max_delay: 45s
            """)
        XCTAssertEqual(c.ruleDirectories, ["/etc/pumpwatch/./rules"])
        XCTAssertEqual(c.lateness, 300_000)
        XCTAssertEqual(c.dedupWindow, 86_400_000)
        XCTAssertEqual(c.priority, .background)
        XCTAssertEqual(c.maxDelay, 45_000)
        XCTAssertEqual(try read("detection: {priority: normal}").priority, .normal)
        let defaults = try read("detection: {enabled: true}")
        XCTAssertEqual(defaults.priority, .background, "ingest first by default")
        XCTAssertEqual(defaults.maxDelay, 30_000)
        XCTAssertThrowsError(try read("detection:\n  max_delay: 0s\n")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "detection.max_delay")
        }
    }

    func testABadPriorityNamesTheKeyAndTheChoices() {
        XCTAssertThrowsError(try read("detection:\n  priority: urgent\n")) { error in
            let e = error as? ConfigurationError
            XCTAssertEqual(e?.key, "detection.priority")
            XCTAssertTrue(e?.reason.contains("background, normal") ?? false, "\(String(describing: e))")
        }
    }

    func testTheWorkThreadRunsJobsInOrderAtTheRequestedScheduling() throws {
        let work = BackgroundWorkThread(name: "test-work", scheduling: .idle)
        defer { work.stop() }
        let done = DispatchSemaphore(value: 0)
        let log = LockedLog()
        for i in 0..<100 {
            work.async {
                log.append(i)
                if i == 99 { done.signal() }
            }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(log.values, Array(0..<100))
        #if os(Linux)
        // The jobs run on one thread that only gets idle cores (or, where that is refused, the
        // lowest nice value); the caller's scheduling is untouched.
        let checked = DispatchSemaphore(value: 0)
        let seen = LockedLog()
        work.async {
            let policy = sched_getscheduler(0)
            seen.append(policy == BackgroundPriority.idlePolicy ? -1 : Int(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)))
            checked.signal()
        }
        XCTAssertEqual(checked.wait(timeout: .now() + 10), .success)
        XCTAssertTrue(seen.values == [-1] || seen.values == [19], "\(seen.values)")
        XCTAssertEqual(sched_getscheduler(0), SCHED_OTHER)
        XCTAssertEqual(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), 0)

        let normal = BackgroundWorkThread(name: "test-normal", scheduling: .normal)
        defer { normal.stop() }
        let normalChecked = DispatchSemaphore(value: 0)
        let normalSeen = LockedLog()
        normal.async {
            normalSeen.append(Int(sched_getscheduler(0)))
            normalChecked.signal()
        }
        XCTAssertEqual(normalChecked.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(normalSeen.values, [Int(SCHED_OTHER)])
        #endif
    }
}

/// Integers appended from other threads.
private final class LockedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func append(_ v: Int) {
        lock.lock()
        items.append(v)
        lock.unlock()
    }
    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
