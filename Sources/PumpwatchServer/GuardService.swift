import Foundation
import Logging
import PumpwatchCore
import PumpwatchGuard
import PumpwatchStore

/// The guard as the server runs it: the in-memory `Guard`, its decisions going to the store,
/// its state checkpointed to and restored from the store, and its policy reloaded in place.
///
/// When the saved state cannot be read at start, the guard fails open (decides without it) or
/// closed (blocks every send, and writes no checkpoint over the unreadable one) as
/// `guard.fail_open` says; a copy of the unreadable state is kept as `guard-unreadable`.
/// A reload retries the restore, so fixing the cause and sending SIGHUP recovers.
final class GuardService<Store: PumpwatchStore>: @unchecked Sendable {
    /// The checkpoint name of the guard's state in the store.
    static var checkpointName: String { "guard" }

    /// How the guard's state came to be.
    enum StateStatus: String, Sendable {
        case fresh, restored
        case failedOpen = "failed-open"
        case failedClosed = "failed-closed"
    }

    let store: Store
    let recorder: DecisionRecorder<Store>
    let logger: Logger

    private let lock = NSLock()
    /// Counts decisions for `/metrics`; set once when the application is built.
    var metrics: ServerMetrics?
    private var current: Guard
    private var configuration: ServerConfiguration
    private var status: StateStatus
    private var stateError: String?
    private var restoredFrom: Int64?
    private var closedSequence: UInt64 = 0
    /// Checks and verifications so far, and their number at the last checkpoint: an idle guard
    /// is not saved again.
    private var activity: UInt64 = 0
    private var savedActivity: UInt64?
    private var checkpoints = CheckpointInfo()
    private var reloads = 0
    private var lastReload: Int64?
    private var lastReloadError: String?

    struct CheckpointInfo {
        var savedAt: Int64?
        var bytes = 0
        var milliseconds = 0.0
        var snapshotMilliseconds = 0.0
        var encodeMilliseconds = 0.0
        var count = 0
        var failures = 0
        var lastError: String?
    }

    private init(store: Store, configuration: ServerConfiguration, guard g: Guard, status: StateStatus, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.current = g
        self.status = status
        self.logger = logger
        self.recorder = DecisionRecorder(store: store, limit: configuration.decisionQueueLimit, logger: logger)
    }

    /// The service for `configuration`, its state restored from `store` when there is one.
    /// Throws only for a baseline file that cannot be read (a configuration error).
    static func start(configuration: ServerConfiguration, store: Store, logger: Logger) async throws -> GuardService {
        let baseline = try loadBaseline(configuration)
        let service = GuardService(
            store: store, configuration: configuration, guard: Guard(policy: configuration.policy, baseline: baseline), status: .fresh,
            logger: logger)
        await service.restore(configuration: configuration, baseline: baseline, atStart: true)
        return service
    }

    static func loadBaseline(_ configuration: ServerConfiguration) throws -> GuardBaseline? {
        guard let path = configuration.baselinePath else { return nil }
        return try GuardBaseline.load(path: path)
    }

    /// Reads the saved state and puts it in force; on failure fails open or closed as configured.
    private func restore(configuration: ServerConfiguration, baseline: GuardBaseline?, atStart: Bool) async {
        let name = GuardService.checkpointName
        var saved: StateCheckpoint?
        do {
            saved = try await store.checkpoint(named: name)
            guard let saved else {
                if atStart { logger.info("no saved guard state; starting empty", metadata: ["mode": "\(configuration.policy.mode.rawValue)"]) }
                setState(Guard(policy: configuration.policy, baseline: baseline), .fresh, error: nil, restoredFrom: nil)
                return
            }
            let state = try GuardStateCodec.decode(saved.state)
            let restored = try Guard(restoring: state, policy: configuration.policy, baseline: baseline)
            setState(restored, .restored, error: nil, restoredFrom: saved.savedAt)
            logger.info(
                "restored guard state",
                metadata: [
                    "saved_at": "\(Timestamp.iso8601(millis: saved.savedAt))", "bytes": "\(saved.state.count)",
                    "checks": "\(state.stats.checks)",
                ])
        } catch {
            let open = configuration.failOpen
            setState(Guard(policy: configuration.policy, baseline: baseline), open ? .failedOpen : .failedClosed, error: "\(error)", restoredFrom: nil)
            logger.error(
                open
                    ? "saved guard state cannot be read; failing open as configured: deciding without it"
                    : "saved guard state cannot be read; failing closed as configured: every send is blocked until it is fixed",
                metadata: ["error": "\(error)", "guard.fail_open": "\(open)"])
            if let saved {
                try? await store.saveCheckpoint(StateCheckpoint(name: name + "-unreadable", savedAt: saved.savedAt, state: saved.state))
            }
        }
    }

    private func setState(_ g: Guard, _ s: StateStatus, error: String?, restoredFrom: Int64?) {
        lock.lock()
        current = g
        status = s
        savedActivity = nil
        stateError = error
        self.restoredFrom = restoredFrom
        lock.unlock()
    }

    // MARK: - Requests

    /// Decides on `request` now and queues the decision for the store.
    func check(_ request: CheckRequest) -> Decision {
        lock.lock()
        let g = current
        let closed = status == .failedClosed
        let record = configuration.recordDecisions
        activity &+= 1
        if closed { closedSequence += 1 }
        let sequence = closedSequence
        lock.unlock()
        let now = Guard.nowMillis()
        let decision = closed ? closedDecision(request, mode: g.policy.mode, sequence: sequence) : g.check(request, at: now)
        if record { recorder.append(GuardDecisionRecord(request: request, decision: decision, time: now)) }
        metrics?.guardDecision(decision.decision)
        return decision
    }

    private func closedDecision(_ request: CheckRequest, mode: GuardMode, sequence: UInt64) -> Decision {
        let reason = Reason(
            signal: "guard-state", detail: "the saved guard state could not be read and the guard fails closed (guard.fail_open: false)",
            value: 1, score: 100)
        return Decision(
            id: request.id ?? "closed-\(sequence)", decision: mode == .monitor ? .allow : .block, policyDecision: .block, riskScore: 100,
            country: nil, callingCode: nil, reasons: [reason], mode: mode)
    }

    /// Records a verification now.
    func verified(_ request: VerificationRequest) throws(CheckRequestError) -> VerificationResult {
        lock.lock()
        let g = current
        activity &+= 1
        lock.unlock()
        return try g.verified(request, at: Guard.nowMillis())
    }

    var guardInstance: Guard {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    var stateStatus: StateStatus {
        lock.lock()
        defer { lock.unlock() }
        return status
    }

    // MARK: - Checkpoints

    /// Saves the guard's state to the store, unless it failed closed at start.
    func checkpoint() async {
        let (g, closed, seen, saved) = lock.withLock { (current, status == .failedClosed, activity, savedActivity) }
        guard !closed, seen != saved else { return }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            // Copying and encoding a large state takes a while: do it on a thread of its own, so
            // the threads answering requests are not held up.
            let (state, data, snapshotted, encoded) = try await GuardService.offThePool {
                let state = g.snapshot(at: Guard.nowMillis())
                let snapshotted = clock.now
                return (state, try GuardStateCodec.encode(state), snapshotted, clock.now)
            }
            try await store.saveCheckpoint(StateCheckpoint(name: GuardService.checkpointName, savedAt: state.savedAt, state: data))
            let end = clock.now
            lock.withLock {
                checkpoints.savedAt = state.savedAt
                checkpoints.bytes = data.count
                checkpoints.milliseconds = GuardService.milliseconds(end - start)
                checkpoints.snapshotMilliseconds = GuardService.milliseconds(snapshotted - start)
                checkpoints.encodeMilliseconds = GuardService.milliseconds(encoded - snapshotted)
                checkpoints.count += 1
                if current === g { savedActivity = seen }
            }
            logger.debug("saved guard state", metadata: ["bytes": "\(data.count)"])
        } catch {
            let failures: Int = lock.withLock {
                checkpoints.failures += 1
                checkpoints.lastError = "\(error)"
                return checkpoints.failures
            }
            if failures == 1 || failures % 60 == 0 {
                logger.error("cannot save guard state", metadata: ["error": "\(error)", "failures": "\(failures)"])
            }
        }
    }

    /// Runs `work` on a thread of its own at a lower scheduling priority than the threads
    /// answering requests, so on a busy machine a checkpoint takes idle time rather than theirs.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                BackgroundPriority.lowerCurrentThread()
                continuation.resume(with: Result { try work() })
            }
            thread.name = "pumpwatch-checkpoint"
            thread.start()
        }
    }

    static func milliseconds(_ d: Duration) -> Double {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return (ms * 1000).rounded() / 1000
    }

    /// Deletes stored decisions older than the configured retention.
    func pruneDecisions() async {
        let retention = lock.withLock { configuration.decisionRetention }
        guard let retention else { return }
        do {
            let removed = try await store.pruneDecisions(before: Guard.nowMillis() - Int64(retention * 1000))
            if removed > 0 { logger.info("pruned stored guard decisions", metadata: ["removed": "\(removed)"]) }
        } catch {
            logger.error("cannot prune stored guard decisions", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Reload

    /// Rereads the configuration file and puts its guard policy, baseline and `fail_open` in
    /// force, keeping every counter; other keys take effect at the next start.
    func reload() async {
        let file = lock.withLock { configuration.file }
        guard let file else {
            logger.warning("reload asked, but the server was started without a configuration file")
            return
        }
        do {
            await reload(configuration: try ServerConfiguration.load(path: file))
        } catch {
            lock.withLock { lastReloadError = "\(error)" }
            logger.error("configuration not reloaded; the previous policy stays in force", metadata: ["error": "\(error)"])
        }
    }

    /// Puts the guard section of `new` in force, keeping every counter.
    func reload(configuration new: ServerConfiguration) async {
        let baseline: GuardBaseline?
        do {
            baseline = try GuardService.loadBaseline(new)
        } catch {
            lock.withLock { lastReloadError = "\(error)" }
            logger.error("configuration not reloaded: cannot read the baseline", metadata: ["error": "\(error)"])
            return
        }
        let (g, wasClosed): (Guard, Bool) = lock.withLock {
            configuration.policy = new.policy
            configuration.baselinePath = new.baselinePath
            configuration.failOpen = new.failOpen
            configuration.recordDecisions = new.recordDecisions
            configuration.decisionRetention = new.decisionRetention
            reloads += 1
            lastReload = Guard.nowMillis()
            lastReloadError = nil
            return (current, status == .failedClosed)
        }
        g.reload(policy: new.policy, baseline: baseline)
        if wasClosed { await restore(configuration: new, baseline: baseline, atStart: false) }
        logger.info(
            "reloaded the guard policy", metadata: ["mode": "\(new.policy.mode.rawValue)", "state": "\(stateStatus.rawValue)"])
    }

    // MARK: - Stats

    /// The guard's stats (`GuardStats`) with a `service` member: state, checkpoints, stored
    /// decisions and reloads.
    func statsJSON() throws -> String {
        lock.lock()
        let g = current
        let s = status
        let error = stateError
        let restored = restoredFrom
        let cp = checkpoints
        let failOpen = configuration.failOpen
        let reloadCount = reloads
        let reloadedAt = lastReload
        let reloadError = lastReloadError
        lock.unlock()
        let stats = g.stats()
        let recorded = recorder.snapshot
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(stats)
        var members = (try? JSONParser.parse([UInt8](data)))?.objectMembers ?? []
        func time(_ t: Int64?) -> JSONValue { t.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null }
        func text(_ t: String?) -> JSONValue { t.map(JSONValue.string) ?? .null }
        let service: JSONValue = .object([
            (
                "state",
                .object([
                    ("status", .string(s.rawValue)), ("error", text(error)), ("restored_from", time(restored)), ("fail_open", .bool(failOpen)),
                ])
            ),
            (
                "checkpoints",
                .object([
                    ("last", time(cp.savedAt)), ("bytes", .int(Int64(cp.bytes))), ("duration_ms", .double(cp.milliseconds)),
                    ("snapshot_ms", .double(cp.snapshotMilliseconds)), ("encode_ms", .double(cp.encodeMilliseconds)),
                    ("saved", .int(Int64(cp.count))), ("failures", .int(Int64(cp.failures))), ("last_error", text(cp.lastError)),
                ])
            ),
            (
                "stored_decisions",
                .object([
                    ("recorded", .int(Int64(recorded.recorded))), ("queued", .int(Int64(recorded.queued))),
                    ("dropped", .int(Int64(recorded.dropped))), ("failed_writes", .int(Int64(recorded.failedWrites))),
                    ("last_error", text(recorded.lastError)),
                ])
            ),
            (
                "policy",
                .object([
                    ("mode", .string(g.policy.mode.rawValue)), ("reloads", .int(Int64(reloadCount))), ("last_reload", time(reloadedAt)),
                    ("last_reload_error", text(reloadError)),
                ])
            ),
        ])
        members.append(("service", service))
        return JSONWriter.serialize(.object(members))
    }
}
