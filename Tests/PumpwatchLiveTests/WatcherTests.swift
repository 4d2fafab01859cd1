import Foundation
import GRDB
import PumpwatchCore
import PumpwatchDetect
import PumpwatchSimulate
import PumpwatchSources
import PumpwatchStore
import XCTest

@testable import PumpwatchLive

/// `watch` gives the findings `hunt` gives, stores each once, and resumes after a restart.
final class WatcherTests: XCTestCase {
    /// A simulated week with every attack, written once for the whole class.
    nonisolated(unsafe) static var simulated: String?

    static func simulatedFolder() throws -> String {
        if let simulated { return simulated }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-watch-\(UUID().uuidString)").path
        _ = try Simulator.run(scenarioNamed: "all", options: SimulationOptions(outputDirectory: dir, seed: 7, scale: 1))
        simulated = dir
        return dir
    }

    static func setup() throws -> DetectionSetup {
        try DetectionSetup(nowMillis: 0, nowIsExplicit: false)
    }

    /// `rule|entities|count|first|last` for comparing findings.
    static func signature(_ f: Finding) -> String {
        "\(AlertKeyer.entityKey(f))|\(f.count)|\(f.firstSeen ?? 0)|\(f.lastSeen ?? 0)"
    }

    static func store() throws -> SQLiteStore<DatabaseQueue> {
        try SQLiteStore(writer: DatabaseQueue())
    }

    func testOnePassOverTheSimulatedWeekStoresExactlyTheHuntsFindings() async throws {
        let dir = try Self.simulatedFolder()
        let setup = try Self.setup()
        let hunted = try setup.engine().run(paths: [dir], showsProgress: false, onMalformed: { _ in })
        let expected = setup.suppression.filter(hunted.findings).kept
        XCTAssertGreaterThan(expected.count, 5, "the simulated week holds attacks")

        let store = try Self.store()
        let watcher = Watcher(paths: [dir], hunt: try ContinuousHunt(setup: setup, lateness: 300_000), store: store)
        var printed: [Finding] = []
        // Whole files wait one pass for their size to settle; the second pass reads them.
        var pass = try await watcher.pass(at: 1, onAlert: { f, _ in printed.append(f) })
        pass = try await watcher.pass(at: 2, onAlert: { f, _ in printed.append(f) })
        XCTAssertTrue(pass.evaluated)
        XCTAssertEqual(pass.findings, expected.count)
        let alerts = try await store.alerts(matching: AlertFilter(limit: 10_000))
        let stored = alerts.map { "\($0.draft.ruleID)|\($0.draft.count)|\($0.draft.firstSeen ?? 0)|\($0.draft.lastSeen ?? 0)" }.sorted()
        let wanted = expected.map { "\($0.ruleID)|\($0.count)|\($0.firstSeen ?? 0)|\($0.lastSeen ?? 0)" }.sorted()
        XCTAssertEqual(stored, wanted)
        XCTAssertEqual(printed.map(Self.signature).sorted(), expected.map(Self.signature).sorted(), "each finding printed once")

        // Nothing new: no evaluation, no new alert.
        let idle = try await watcher.pass(at: 3)
        XCTAssertFalse(idle.evaluated)
        XCTAssertEqual(idle.newAlerts, 0)
    }

    func testAppendedLinesUpdateTheAlertAndARestartResumesWithoutRepeats() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/sns.ndjson"
        // A sequential block: 12 numbers of +4477009001xx within minutes, from rotating addresses.
        func publish(_ i: Int) -> String {
            let second = String(format: "%02d", i % 60)
            return #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/otp-app","accountId":"111122223333"},"eventTime":"2026-11-20T10:"#
                + String(format: "%02d", i / 60) + ":" + second
                + #"Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"198.51.100."# + String(i % 200 + 1)
                + #"","userAgent":"aws-sdk-go/1.44","requestParameters":{"phoneNumber":"+4477009001"# + String(format: "%02d", i)
                + #""},"responseElements":{"messageId":"m-\#(i)"},"eventID":"e0000000-0000-4000-8000-"# + String(format: "%012d", i) + #"","eventType":"AwsApiCall","recipientAccountId":"111122223333"}"# + "\n"
        }
        try (0..<12).map(publish).joined().write(toFile: path, atomically: false, encoding: .utf8)
        let store = try Self.store()
        let setup = try Self.setup()
        let first = Watcher(paths: [dir], hunt: try ContinuousHunt(setup: setup, lateness: 300_000), store: store)
        let p1 = try await first.pass(at: 10)
        XCTAssertEqual(p1.poll.events, 12)
        let block = try await store.alerts(matching: AlertFilter(limit: 100)).filter { $0.draft.ruleID == "builtin-sequential-block" }
        XCTAssertEqual(block.count, 1, "the block makes one alert")

        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data((12..<20).map(publish).joined().utf8))
        h.closeFile()
        let p2 = try await first.pass(at: 20)
        XCTAssertEqual(p2.poll.events, 8, "only the appended lines are read")
        let updated = try await store.alerts(matching: AlertFilter(limit: 100)).filter { $0.draft.ruleID == "builtin-sequential-block" }
        XCTAssertEqual(updated.count, 1, "more of the same activity updates the alert")
        XCTAssertEqual(updated.first?.occurrences, 2)
        XCTAssertGreaterThan(updated.first?.draft.count ?? 0, block.first?.draft.count ?? 0)
        let before = try await store.alerts(matching: AlertFilter(limit: 100)).count

        // A restart: a new watcher over the same store resumes from the saved positions.
        let second = Watcher(paths: [dir], hunt: try ContinuousHunt(setup: setup, lateness: 300_000), store: store)
        let p3 = try await second.pass(at: 30)
        XCTAssertEqual(second.replayedEvents, 20, "the rules' windows are rebuilt from the lines before the position")
        XCTAssertEqual(p3.poll.events, 0, "no line is read twice")
        XCTAssertEqual(p3.newAlerts, 0)
        let h2 = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h2.seekToEndOfFile()
        h2.write(Data((20..<22).map(publish).joined().utf8))
        h2.closeFile()
        let p4 = try await second.pass(at: 40)
        XCTAssertEqual(p4.poll.events, 2)
        XCTAssertEqual(p4.newAlerts, 0, "the known alert is updated, not repeated")
        let after = try await store.alerts(matching: AlertFilter(limit: 100))
        XCTAssertEqual(after.count, before)
        XCTAssertEqual(after.first { $0.draft.ruleID == "builtin-sequential-block" }?.draft.count, 22)
    }
}
