import Foundation
import Logging
import PumpwatchCore
import PumpwatchDetect
import PumpwatchGuard
import PumpwatchLive
import PumpwatchSources
import PumpwatchStore
import ServiceLifecycle

/// Runs the rule pack continuously on the events the ingest routes journal, and stores what it
/// finds as alerts: `serve`'s side of `pumpwatch watch`.
///
/// Detection follows the journal: the ingest routes only validate and journal (a 2xx means the
/// records are durable), then wake this service, which reads the entries after its cursor in
/// sequence order, normalizes them with the same readers as files and feeds them to one
/// `ContinuousHunt`. Ingest therefore never waits for the rules; when the rules fall behind a
/// burst they catch up from the journal, and `/metrics` shows how far behind they are
/// (`pumpwatch_detection_lag_entries`). Every `evaluate_interval` in which events arrived, the
/// rules are evaluated and their findings upserted (`AlertPublisher`); new alerts get their
/// notifications queued in the same transaction, and `onNewAlerts` is called so delivery does not
/// wait for its next poll. At start, the journal's recent entries rebuild the rules' windows, and
/// the stored alerts their dedup windows, so a restart neither forgets a campaign in progress nor
/// repeats its alert.
final class DetectionService<Store: PumpwatchStore>: Service, @unchecked Sendable {
    let store: Store
    let configuration: DetectionConfiguration
    let logger: Logger
    let metrics: ServerMetrics?
    /// Called after an evaluation that created alerts.
    var onNewAlerts: (@Sendable () async -> Void)?

    private let lock = NSLock()
    /// The thread normalizing and judging runs on (`onWorkQueue`).
    private let work: BackgroundWorkThread
    /// With `priority: background`, the idle-scheduled thread journal pages are fed on while the
    /// rules are less than `max_delay` behind.
    private let idleWork: BackgroundWorkThread?
    private let hunt: ContinuousHunt
    private let publisher: AlertPublisher<Store>
    private var keyer: AlertKeyer
    private var dirty = false
    /// The sequence of the last journal entry fed to the rules.
    private var cursor: Int64 = 0
    /// The highest sequence the ingest routes reported journaled, and the cursor as of the last
    /// feed, under a lock of their own: ingest requests never wait for the rules.
    private let progressLock = NSLock()
    private var journaledUpTo: Int64 = 0
    private var readUpTo: Int64 = 0
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    /// Entries read per journal page.
    static var pageSize: Int { 5_000 }
    private var malformed = 0
    private(set) var newAlerts = 0

    init(store: Store, configuration: DetectionConfiguration, notifications: NotificationConfiguration, metrics: ServerMetrics?, logger: Logger) throws {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        let setup = try DetectionSetup(
            ruleDirectories: configuration.ruleDirectories, config: configuration.tuning, suppress: configuration.suppress,
            nowMillis: 0, nowIsExplicit: false)
        hunt = try ContinuousHunt(setup: setup, lateness: configuration.lateness)
        publisher = AlertPublisher(store: store, sinks: { severity in notifications.sinkNames(forSeverity: severity) })
        keyer = AlertKeyer(dedupWindow: configuration.dedupWindow)
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        work = BackgroundWorkThread(name: "pumpwatch-detection", scheduling: .normal)
        idleWork = configuration.priority == .background ? BackgroundWorkThread(name: "pumpwatch-detection-idle", scheduling: .idle) : nil
    }

    deinit {
        work.stop()
        idleWork?.stop()
    }

    /// Rebuilds the rules' windows from the journal and the alert windows from the store.
    func restore() async throws {
        let now = Guard.nowMillis()
        var after: Int64 = 0
        var replayed = 0
        while true {
            let page = try await store.journal(after: after, limit: 10_000)
            guard let last = page.last?.sequence else { break }
            after = last
            let recent = page.filter { $0.receivedAt >= now - configuration.replay }
            replayed += recent.count
            feed(recent, countsAsNew: false)
        }
        // Entries journaled just before a stop may never have been evaluated: evaluate once after
        // the replay. Alerts already stored for them are updated, not repeated.
        lock.withLock {
            cursor = max(cursor, after)
            if replayed > 0 { dirty = true }
        }
        progressLock.withLock {
            journaledUpTo = max(journaledUpTo, after)
            readUpTo = max(readUpTo, after)
        }
        var k = lock.withLock { keyer }
        try await publisher.restore(&k, since: (hunt.latestEvent ?? now) - 2 * configuration.dedupWindow)
        lock.withLock { keyer = k }
        if replayed > 0 { logger.info("rebuilt detection state from the journal", metadata: ["entries": "\(replayed)"]) }
    }

    /// Tells the service that the ingest routes journaled entries up to `sequence`; the
    /// follower reads them.
    func journaled(upTo sequence: Int64?) {
        if let sequence { progressLock.withLock { journaledUpTo = max(journaledUpTo, sequence) } }
        wake.yield()
    }

    /// The sequence of the last journal entry fed to the rules: older entries may be pruned.
    var consumedSequence: Int64 {
        lock.withLock { cursor }
    }

    /// Journal entries not yet fed to the rules, as far as the ingest routes reported.
    var lag: Int64 {
        progressLock.withLock { max(0, journaledUpTo - readUpTo) }
    }

    /// Feeds the rules every journal entry after the cursor, page by page, until the journal's
    /// end; returns how many entries were fed. Safe to call from several tasks: an entry at or
    /// below the cursor when its page is fed is skipped, so none is fed twice.
    @discardableResult
    func catchUp() async throws -> Int {
        var fed = 0
        while true {
            let after = lock.withLock { cursor }
            let page = try await store.journal(after: after, limit: Self.pageSize)
            guard !page.isEmpty else { break }
            // Ingest first while the rules are less than max_delay behind; past it they take the cores.
            let behind = Guard.nowMillis() - page[0].receivedAt
            let thread = behind < configuration.maxDelay ? (idleWork ?? work) : work
            fed += await onWorkQueue(thread) { self.feed(page, countsAsNew: true) }
            metrics?.detectionLag(lag)
            if page.count < Self.pageSize { break }
        }
        return fed
    }

    /// Normalizes `entries` (in sequence order) and feeds those after the cursor to the rules;
    /// returns how many were fed.
    @discardableResult
    private func feed(_ entries: [JournalEntry], countsAsNew: Bool) -> Int {
        var events: [(sequence: Int64, event: Event)] = []
        var bad = 0
        // Only the fields the rules read, straight from the bytes where the fast path serves the format.
        let normalizer = RecordBytesNormalizer(projection: hunt.projection)
        for entry in entries {
            guard let format = SourceFormat(rawValue: entry.format) else {
                bad += 1
                continue
            }
            do {
                for e in try normalizer.events(format: format, bytes: entry.body, file: "journal:\(entry.format)", line: Int(entry.sequence ?? 0)) {
                    events.append((entry.sequence ?? .max, e))
                }
            } catch {
                bad += 1
            }
        }
        let last = entries.compactMap(\.sequence).max()
        let fed: Int = lock.withLock {
            let start = cursor
            var fed = 0
            for (sequence, e) in events where sequence > start {
                hunt.observe(e)
                fed += 1
            }
            hunt.advanceWatermark()
            malformed += bad
            if countsAsNew && fed > 0 { dirty = true }
            if let last { cursor = max(cursor, last) }
            return fed
        }
        if let s = last {
            progressLock.withLock {
                journaledUpTo = max(journaledUpTo, s)
                readUpTo = max(readUpTo, s)
            }
        }
        if bad > 0 { logger.warning("journal entries that no longer normalize were skipped", metadata: ["count": "\(bad)"]) }
        return fed
    }

    /// Evaluates the rules if events arrived since the last time; returns the new alerts' count.
    @discardableResult
    func evaluateIfNeeded(at millis: Int64 = Guard.nowMillis()) async throws -> Int {
        let evaluated: (findings: [Finding], keyer: AlertKeyer)? = await onWorkQueue {
            self.lock.withLock {
                guard self.dirty else { return nil }
                self.dirty = false
                return (self.hunt.evaluate().findings, self.keyer)
            }
        }
        guard let evaluated else { return 0 }
        let findings = evaluated.findings
        var k = evaluated.keyer
        metrics?.ruleEvaluations(hunt.setup.rules.count)
        let results = try await publisher.publish(findings, keyer: &k, at: millis)
        lock.withLock { keyer = k }
        let created = results.filter { $0.1.created }
        for (finding, upsert) in created {
            metrics?.alert(severity: finding.severity.rawValue)
            logger.notice(
                "alert", metadata: ["id": "\(upsert.alert.id)", "rule": "\(finding.ruleID)", "severity": "\(finding.severity.rawValue)"])
        }
        lock.withLock { newAlerts += created.count }
        if !created.isEmpty, let onNewAlerts { await onNewAlerts() }
        return created.count
    }

    /// Runs `body`, long CPU work (normalizing a journal page, judging the rules' state), on the
    /// service's own thread: the tasks' cooperative threads, one per core, stay free for the
    /// requests, which ingest at full speed while the rules read or judge. With
    /// `priority: background`, journal pages less than `max_delay` old go to `idleWork`, which
    /// yields the cores to requests when both want them; evaluations always run on `work`.
    private func onWorkQueue<T: Sendable>(_ thread: BackgroundWorkThread? = nil, _ body: @escaping @Sendable () -> T) async -> T {
        let thread = thread ?? work
        return await withCheckedContinuation { continuation in
            thread.async { continuation.resume(returning: body()) }
        }
    }

    /// The wait before the next evaluation: the interval, or twice the last evaluation's time
    /// when that is longer. An evaluation judges a copy of the rules' state, which grows with
    /// what the windows hold; this keeps evaluating to at most a third of a core, so the
    /// follower keeps reading the journal during a burst.
    static func pause(after evaluation: Duration, interval: UInt64) -> UInt64 {
        let (seconds, attoseconds) = evaluation.components
        let took = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        return max(interval, 2 * took)
    }

    /// Follows the journal as the ingest routes wake it, and evaluates every
    /// `evaluate_interval`, until shutdown. `restore()` runs before, when the application is
    /// built, so no ingested entry is fed twice.
    func run() async throws {
        let interval = UInt64(configuration.evaluateInterval * 1e9)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in self.wakes {
                        do {
                            try await self.catchUp()
                        } catch {
                            self.logger.error("cannot read the ingest journal", metadata: ["error": "\(error)"])
                        }
                    }
                }
                group.addTask {
                    var pause = interval
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: pause)
                        let started = ContinuousClock.now
                        do {
                            try await self.evaluateIfNeeded()
                        } catch {
                            self.logger.error("cannot store alerts", metadata: ["error": "\(error)"])
                        }
                        pause = Self.pause(after: ContinuousClock.now - started, interval: interval)
                    }
                }
            }
        }
        // Entries journaled before the shutdown are fed and evaluated once more.
        _ = try? await catchUp()
        _ = try? await evaluateIfNeeded()
    }
}
