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
/// Journaled entries are normalized by the same readers as files and fed to one
/// `ContinuousHunt`. Every `evaluate_interval` in which events arrived, the rules are evaluated
/// and their findings upserted (`AlertPublisher`); new alerts get their notifications queued in
/// the same transaction, and `onNewAlerts` is called so delivery does not wait for its next poll.
/// At start, the journal's recent entries rebuild the rules' windows, and the stored alerts their
/// dedup windows, so a restart neither forgets a campaign in progress nor repeats its alert.
final class DetectionService<Store: PumpwatchStore>: Service, @unchecked Sendable {
    let store: Store
    let configuration: DetectionConfiguration
    let logger: Logger
    let metrics: ServerMetrics?
    /// Called after an evaluation that created alerts.
    var onNewAlerts: (@Sendable () async -> Void)?

    private let lock = NSLock()
    private let hunt: ContinuousHunt
    private let publisher: AlertPublisher<Store>
    private var keyer: AlertKeyer
    private var dirty = false
    private var lastSequence: Int64 = 0
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
            lastSequence = after
            if replayed > 0 { dirty = true }
        }
        var k = lock.withLock { keyer }
        try await publisher.restore(&k, since: (hunt.latestEvent ?? now) - 2 * configuration.dedupWindow)
        lock.withLock { keyer = k }
        if replayed > 0 { logger.info("rebuilt detection state from the journal", metadata: ["entries": "\(replayed)"]) }
    }

    /// Takes entries the ingest routes have just journaled.
    func journaled(_ entries: [JournalEntry]) {
        feed(entries, countsAsNew: true)
    }

    /// Takes the events of entries just journaled, already normalized by the ingest routes.
    func journaled(events: [Event]) {
        guard !events.isEmpty else { return }
        lock.withLock {
            for e in events { hunt.observe(e) }
            hunt.advanceWatermark()
            dirty = true
        }
    }

    private func feed(_ entries: [JournalEntry], countsAsNew: Bool) {
        var events: [Event] = []
        var bad = 0
        for entry in entries {
            guard let format = SourceFormat(rawValue: entry.format) else {
                bad += 1
                continue
            }
            let origin = Origin(file: "journal:\(entry.format)", line: Int(entry.sequence ?? 0))
            do {
                let value = try JSONParser.parse(entry.body)
                events += try Normalizer.events(format: format, record: value, origin: origin)
            } catch {
                bad += 1
            }
        }
        lock.withLock {
            for e in events { hunt.observe(e) }
            hunt.advanceWatermark()
            malformed += bad
            if countsAsNew && !events.isEmpty { dirty = true }
            if let s = entries.compactMap(\.sequence).max() { lastSequence = max(lastSequence, s) }
        }
        if bad > 0 { logger.warning("journal entries that no longer normalize were skipped", metadata: ["count": "\(bad)"]) }
    }

    /// Evaluates the rules if events arrived since the last time; returns the new alerts' count.
    @discardableResult
    func evaluateIfNeeded(at millis: Int64 = Guard.nowMillis()) async throws -> Int {
        let evaluated: (findings: [Finding], keyer: AlertKeyer)? = lock.withLock {
            guard dirty else { return nil }
            dirty = false
            return (hunt.evaluate().findings, keyer)
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

    /// Evaluates every `evaluate_interval` until shutdown. `restore()` runs before, when the
    /// application is built, so no ingested entry is fed twice.
    func run() async throws {
        let interval = UInt64(configuration.evaluateInterval * 1e9)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: interval)
                do {
                    try await self.evaluateIfNeeded()
                } catch {
                    self.logger.error("cannot store alerts", metadata: ["error": "\(error)"])
                }
            }
        }
        // Events journaled before the shutdown are evaluated once more.
        _ = try? await evaluateIfNeeded()
    }
}
