import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchSources
import PumpwatchStore

/// Follows log files and runs the rules on them continuously, storing each finding as an alert
/// once: what `pumpwatch watch` runs.
///
/// Each `pass` reads what is new (`FileFollower`), feeds it to the rules (`ContinuousHunt`),
/// closes the windows behind the watermark, and, when anything new was read, evaluates the rules
/// and upserts their findings as alerts (`AlertPublisher`). Then it saves the read positions in
/// the store. After a restart `start()` loads the positions, re-reads the files up to them to
/// rebuild the rules' windows (nothing is published for those lines, and nothing is read twice
/// past them), and reloads the alert windows so known alerts are updated, not repeated.
public final class Watcher<Store: PumpwatchStore> {
    /// What one pass did.
    public struct Pass: Sendable, Equatable {
        public var poll = FollowPoll()
        /// Whether the rules were evaluated (only when something new was read).
        public var evaluated = false
        public var findings = 0
        public var newAlerts = 0
        public var updatedAlerts = 0
        public var suppressed = 0
    }

    public let hunt: ContinuousHunt
    public let store: Store
    public let checkpointName: String
    private let follower: FileFollower
    private let publisher: AlertPublisher<Store>
    private var keyer: AlertKeyer
    private var started = false
    private var pendingEvaluation = false
    /// When false, whole files (gzip, `{"Records": [...]}`) are read as soon as they are seen,
    /// for a single pass over files nothing is writing; by default they wait until they stop changing.
    public var waitsForWholeFiles: Bool {
        get { follower.waitsForWholeFiles }
        set { follower.waitsForWholeFiles = newValue }
    }
    /// Events rebuilt from the files up to the saved positions at start.
    public private(set) var replayedEvents = 0

    /// A watcher of `paths`; its positions are saved under `checkpointName` in `store`.
    public init(paths: [String], hunt: ContinuousHunt, store: Store, dedupWindow: Int64 = 86_400_000, sinks: @escaping @Sendable (String) -> [String] = { _ in [] }, checkpointName: String? = nil) {
        self.hunt = hunt
        self.store = store
        self.checkpointName = checkpointName ?? Watcher.defaultCheckpointName(paths)
        var options = hunt.readOptions
        options.showsProgress = false
        follower = FileFollower(paths: paths, options: options)
        publisher = AlertPublisher(store: store, sinks: sinks)
        keyer = AlertKeyer(dedupWindow: dedupWindow)
    }

    /// `watch:` and the sorted absolute paths, so that watching the same paths again resumes.
    public static func defaultCheckpointName(_ paths: [String]) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = paths.map { $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0) }
        return "watch:" + absolute.sorted().joined(separator: ",")
    }

    /// Loads saved positions and alert windows and rebuilds the rules' state from the files.
    public func start(onMalformed: (MalformedRecord) -> Void = { _ in }) async throws -> FileFollower {
        if started { return follower }
        started = true
        if let saved = try await store.checkpoint(named: checkpointName) {
            let positions = try JSONDecoder().decode(WatchCheckpoint.self, from: saved.state).files
            follower.restore(positions)
            try follower.replay(onEvent: { event in
                replayedEvents += 1
                hunt.observe(event)
            }, onMalformed: { _ in })
            hunt.advanceWatermark()
            try await publisher.restore(&keyer, since: (hunt.latestEvent ?? 0) - 2 * keyer.dedupWindow)
        }
        return follower
    }

    /// Reads what is new, evaluates the rules when anything was read, stores the alerts and saves
    /// the positions. `onAlert` sees every finding that made a new alert.
    public func pass(at millis: Int64, onAlert: (Finding, AlertRecord) -> Void = { _, _ in }, onMalformed: (MalformedRecord) -> Void = { _ in }) async throws -> Pass {
        _ = try await start(onMalformed: onMalformed)
        var pass = Pass()
        pass.poll = try follower.poll(onEvent: { hunt.observe($0) }, onMalformed: onMalformed)
        if pass.poll.events > 0 || pass.poll.malformed > 0 || pendingEvaluation {
            hunt.advanceWatermark()
            let (findings, suppressed, _) = hunt.evaluate()
            pass.evaluated = true
            pass.findings = findings.count
            pass.suppressed = suppressed
            for (finding, upsert) in try await publisher.publish(findings, keyer: &keyer, at: millis) {
                if upsert.created {
                    pass.newAlerts += 1
                    onAlert(finding, upsert.alert)
                } else {
                    pass.updatedAlerts += 1
                }
            }
            pendingEvaluation = false
        }
        try await saveCheckpoint(at: millis)
        return pass
    }

    /// Saves the read positions.
    public func saveCheckpoint(at millis: Int64) async throws {
        let data = try JSONEncoder().encode(WatchCheckpoint(files: follower.positions))
        try await store.saveCheckpoint(StateCheckpoint(name: checkpointName, savedAt: millis, state: data))
    }
}

/// The read positions `Watcher` saves in the store.
struct WatchCheckpoint: Codable {
    var version = 1
    var files: [FollowedFile]
}
