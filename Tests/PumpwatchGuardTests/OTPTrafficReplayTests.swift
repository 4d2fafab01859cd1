import Foundation
import PumpwatchSimulate
import XCTest

@testable import PumpwatchGuard

/// The simulated week of OTP traffic through the standard policy, warm from the week before:
/// the detection figures the guard is held to.
final class OTPTrafficReplayTests: XCTestCase {
    func testStandardPolicyStopsPumpingAndSparesRealUsers() throws {
        let dir = NSTemporaryDirectory() + "otp-traffic-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try Simulator.run(scenarioNamed: "otp-traffic", options: SimulationOptions(outputDirectory: dir, seed: 3))
        XCTAssertEqual(written.files.map(\.path), ["otp-history/requests.ndjson", "otp/requests.ndjson"])
        let baseline = try BaselineBuilder().build(paths: [dir + "/otp-history"]) { XCTFail("\($0)") }
        XCTAssertEqual(baseline.countries.count, 10)
        let input = try ReplayInput.read(paths: [dir + "/otp"]) { XCTFail("\($0)") }

        let enforce = ReplayRunner(policy: GuardPolicy(), baseline: baseline).run(input.records)
        let pumping = try XCTUnwrap(enforce.pumping)
        XCTAssertGreaterThanOrEqual(pumping.spendStoppedRate, 0.95)
        XCTAssertLessThan(enforce.legitimate.blockedRate, 0.005)
        XCTAssertLessThan(enforce.labels["real-user"]?.blockedRate ?? 1, 0.005)
        for label in ["campaign:sequential-block", "campaign:premium-low-rate", "campaign:single-ip-burst", "campaign:verifying-share"] {
            XCTAssertGreaterThan(enforce.labels[label]?.spendStoppedRate ?? 0, 0.85, label)
        }

        var monitorPolicy = GuardPolicy()
        monitorPolicy.mode = .monitor
        let monitor = ReplayRunner(policy: monitorPolicy, baseline: baseline).run(input.records)
        XCTAssertEqual(monitor.effective.keys.sorted(), ["allow"])
        XCTAssertGreaterThanOrEqual(monitor.pumping?.spendStoppedRate ?? 0, 0.95)
        XCTAssertLessThan(monitor.legitimate.blockedRate, 0.005)
    }
}
