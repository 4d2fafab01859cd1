import Foundation
import Logging
import PumpwatchGuard
import PumpwatchStore
import ServiceLifecycle

/// Delivers the notification outbox: every `poll_interval` it takes the entries that are due,
/// sends each alert to its sink (a signed webhook or a Slack message), and marks the entry
/// delivered, due again after a backoff, or failed (a dead letter).
///
/// An entry is marked only after its attempt ends, so an alert reaches its sink at least once
/// even when the process stops in between; receivers deduplicate by the `Pumpwatch-Delivery`
/// header. On graceful shutdown the service stops at once, leaving unfinished entries pending for
/// the next start. Logs name the entry, alert, sink and outcome, never a URL, secret or body.
public struct NotificationService<Store: PumpwatchStore>: Service {
    public let store: Store
    public let configuration: NotificationConfiguration
    let logger: Logger
    let poster: HTTPPoster
    /// The most entries taken per look at the outbox; a full batch is followed at once by the next.
    let batchSize: Int
    /// The entries being attempted now, so that overlapping calls of `deliverDue` send each once.
    private let inFlight = InFlightEntries()

    public init(store: Store, configuration: NotificationConfiguration, logger: Logger) {
        self.init(store: store, configuration: configuration, logger: logger, batchSize: 32)
    }

    init(store: Store, configuration: NotificationConfiguration, logger: Logger, batchSize: Int) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.poster = HTTPPoster()
        self.batchSize = batchSize
    }

    public func run() async throws {
        logger.info("notification delivery started", metadata: ["sinks": .array(configuration.sinks.map { .string($0.name) })])
        let interval = Duration.milliseconds(Int64(configuration.pollInterval * 1000))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let handled = await cancelWhenGracefulShutdown { await self.deliverDue(now: Guard.nowMillis()) }
            if handled >= batchSize { continue }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        poster.finish()
        logger.info("notification delivery stopped")
    }

    /// Attempts every entry due at `now` (epoch milliseconds), up to one batch, concurrently;
    /// returns how many it attempted. Safe to call while the service runs (for instance right
    /// after an alert is stored): an entry already being attempted by another call is skipped.
    public func deliverDue(now: Int64) async -> Int {
        let due: [OutboxEntry]
        do {
            due = try await store.dueNotifications(at: now, limit: batchSize)
        } catch {
            logger.error("cannot read the notification outbox", metadata: ["error": "\(error)"])
            return 0
        }
        let claimed = inFlight.claim(due)
        await withTaskGroup(of: Void.self) { group in
            for entry in claimed {
                group.addTask {
                    let delivered = await self.deliver(entry, now: now)
                    self.inFlight.release(entry.id, delivered: delivered)
                }
            }
        }
        return claimed.count
    }

    /// One attempt at `entry`, then its mark; true when it was delivered and marked so.
    @discardableResult
    func deliver(_ entry: OutboxEntry, now: Int64) async -> Bool {
        var log = logger
        log[metadataKey: "notification"] = "\(entry.id)"
        log[metadataKey: "alert"] = "\(entry.alertID)"
        log[metadataKey: "sink"] = .string(entry.sink)
        guard let sink = configuration.sink(named: entry.sink) else {
            await giveUp(entry, reason: "the sink '\(entry.sink)' is no longer in the configuration", now: now, log: log)
            return false
        }
        let alert: AlertRecord
        do {
            guard let found = try await store.alert(id: entry.alertID) else {
                await giveUp(entry, reason: "alert \(entry.alertID) no longer exists", now: now, log: log)
                return false
            }
            alert = found
        } catch {
            log.error("cannot read the alert of a notification; will try again", metadata: ["error": "\(error)"])
            return false
        }
        let (body, headers) = NotificationService.request(for: alert, entry: entry, sink: sink, now: now)
        let outcome = await poster.post(body, to: sink.url, headers: headers, timeout: sink.timeout)
        let failed = entry.attempts + 1
        switch outcome {
        case .cancelled:
            log.debug("notification attempt cancelled; it stays pending")
        case .delivered(let status):
            // Not cancellable: once the receiver has it, record that even while shutting down.
            let store = self.store
            let marked = await Task { try await store.markDelivered(entry.id, at: now) }.result
            if case .failure(let error) = marked {
                log.error("notification delivered but not marked; it will be sent again", metadata: ["error": "\(error)"])
            } else {
                log.info("notification delivered", metadata: ["status": "\(status)", "attempt": "\(failed)"])
                return true
            }
        case .retry(let reason, _, let retryAfter):
            let error = outcome.storedError ?? reason
            guard configuration.retry.allowsRetry(afterFailedAttempts: failed) else {
                await giveUp(entry, reason: "\(error) (gave up after \(failed) attempts)", now: now, log: log, logReason: reason)
                return false
            }
            var delay = configuration.retry.delay(afterFailedAttempts: failed, jitter: Double.random(in: 0.5...1.0))
            if let retryAfter, retryAfter > delay { delay = min(retryAfter, configuration.retry.maximum) }
            let retryAt = now + Int64((delay * 1000).rounded(.up))
            do {
                try await store.markAttemptFailed(entry.id, error: error, retryAt: retryAt, at: now)
                log.warning("notification attempt failed; will retry", metadata: ["reason": .string(reason), "attempt": "\(failed)", "retry_in_ms": "\(retryAt - now)"])
            } catch {
                log.error("cannot record a failed notification attempt", metadata: ["error": "\(error)"])
            }
        case .rejected(let reason, _):
            await giveUp(entry, reason: outcome.storedError ?? reason, now: now, log: log, logReason: reason)
        }
        return false
    }

    /// Moves `entry` to the dead letters with `reason`.
    private func giveUp(_ entry: OutboxEntry, reason: String, now: Int64, log: Logger, logReason: String? = nil) async {
        do {
            try await store.markAttemptFailed(entry.id, error: reason, retryAt: nil, at: now)
            log.error("notification failed for good", metadata: ["reason": .string(logReason ?? reason), "attempt": "\(entry.attempts + 1)"])
        } catch {
            log.error("cannot record a failed notification", metadata: ["error": "\(error)"])
        }
    }

    /// The body and headers of the delivery of `alert` for `entry` to `sink` at `now`.
    static func request(for alert: AlertRecord, entry: OutboxEntry, sink: NotificationSink, now: Int64) -> ([UInt8], [(String, String)]) {
        var headers = [("Content-Type", "application/json"), ("User-Agent", "pumpwatch")]
        switch sink.kind {
        case .webhook:
            let body = WebhookPayload.json(alert)
            headers.append((WebhookSigner.deliveryHeader, String(entry.id)))
            if let secret = sink.secret {
                let timestamp = now >= 0 ? now / 1000 : (now - 999) / 1000
                headers.append((WebhookSigner.signatureHeader, WebhookSigner(secret: secret).signature(of: body, at: timestamp)))
            }
            return (body, headers)
        case .slack:
            return (SlackMessage(alert: alert).json, headers)
        }
    }
}

/// The ids of the outbox entries being attempted, shared by every copy of a service.
private final class InFlightEntries: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<Int64> = []
    /// Entries delivered lately, oldest first: a call that read the outbox before one of them was
    /// marked delivered, and claims it after, must not send it again.
    private var delivered: Set<Int64> = []
    private var deliveredOrder: [Int64] = []
    private static let deliveredKept = 10_000

    /// The entries of `due` no other call is attempting or has just delivered, now marked as in flight.
    func claim(_ due: [OutboxEntry]) -> [OutboxEntry] {
        lock.withLock { due.filter { !delivered.contains($0.id) && ids.insert($0.id).inserted } }
    }

    func release(_ id: Int64, delivered wasDelivered: Bool) {
        lock.withLock {
            _ = ids.remove(id)
            guard wasDelivered, delivered.insert(id).inserted else { return }
            deliveredOrder.append(id)
            if deliveredOrder.count > Self.deliveredKept {
                let gone = deliveredOrder.count - Self.deliveredKept / 2
                for old in deliveredOrder[..<gone] { delivered.remove(old) }
                deliveredOrder.removeFirst(gone)
            }
        }
    }
}
