import Foundation
import Logging
import PumpwatchStore
import ServiceLifecycle

/// Writes guard decisions to the store in batches, off the request path: a check only appends
/// to a bounded queue, and this service drains it every 100 ms in one transaction, and once
/// more at shutdown. Past `limit` queued decisions, new ones are counted as dropped.
final class DecisionRecorder<Store: PumpwatchStore>: Service, @unchecked Sendable {
    private let store: Store
    private let limit: Int
    private let logger: Logger
    private let lock = NSLock()
    private var queue: [GuardDecisionRecord] = []
    private var counts = Counts()

    /// Decisions written, dropped for a full queue, waiting, and failed writes.
    struct Counts: Sendable, Equatable {
        var recorded = 0
        var dropped = 0
        var queued = 0
        var failedWrites = 0
        var lastError: String?
    }

    init(store: Store, limit: Int, logger: Logger) {
        self.store = store
        self.limit = limit
        self.logger = logger
        queue.reserveCapacity(4096)
    }

    func append(_ record: GuardDecisionRecord) {
        lock.lock()
        if queue.count < limit {
            queue.append(record)
        } else {
            counts.dropped += 1
        }
        lock.unlock()
    }

    var snapshot: Counts {
        lock.lock()
        defer { lock.unlock() }
        var c = counts
        c.queued = queue.count
        return c
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
            } catch {
                break
            }
            await flush()
        }
        await flush()
    }

    /// Writes everything queued now; on failure the batch goes back to the queue's head.
    func flush() async {
        let batch: [GuardDecisionRecord] = lock.withLock {
            let b = queue
            queue.removeAll(keepingCapacity: true)
            return b
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.recordDecisions(batch)
            lock.withLock { counts.recorded += batch.count }
        } catch {
            let failures: Int = lock.withLock {
                counts.failedWrites += 1
                counts.lastError = "\(error)"
                let kept = batch.prefix(max(0, limit - queue.count))
                counts.dropped += batch.count - kept.count
                queue.insert(contentsOf: kept, at: 0)
                return counts.failedWrites
            }
            if failures == 1 || failures % 100 == 0 {
                logger.error("cannot store guard decisions; will retry", metadata: ["decisions": "\(batch.count)", "failures": "\(failures)", "error": "\(error)"])
            }
        }
    }
}
