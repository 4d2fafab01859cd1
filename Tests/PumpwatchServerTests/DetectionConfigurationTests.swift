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
            """)
        XCTAssertEqual(c.ruleDirectories, ["/etc/pumpwatch/./rules"])
        XCTAssertEqual(c.lateness, 300_000)
        XCTAssertEqual(c.dedupWindow, 86_400_000)
        XCTAssertEqual(c.priority, .background)
        XCTAssertEqual(try read("detection: {enabled: true}").priority, .normal)
    }

    func testABadPriorityNamesTheKeyAndTheChoices() {
        XCTAssertThrowsError(try read("detection:\n  priority: urgent\n")) { error in
            let e = error as? ConfigurationError
            XCTAssertEqual(e?.key, "detection.priority")
            XCTAssertTrue(e?.reason.contains("background, normal") ?? false, "\(String(describing: e))")
        }
    }

    func testTheWorkThreadRunsJobsInOrderAtTheRequestedPriority() throws {
        let work = BackgroundWorkThread(name: "test-work", lowPriority: true)
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
        // The jobs run on one thread whose nice value was raised; the caller's is untouched.
        let niceness = DispatchSemaphore(value: 0)
        let seen = LockedLog()
        work.async {
            seen.append(Int(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)))
            niceness.signal()
        }
        XCTAssertEqual(niceness.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(seen.values, [Int(BackgroundPriority.niceness)])
        XCTAssertEqual(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), 0)
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
