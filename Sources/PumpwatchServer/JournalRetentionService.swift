import Logging
import PumpwatchStore
import ServiceLifecycle

/// Deletes ingest journal entries older than `ingest.journal_retention` once the rules have read
/// them, every `interval` seconds, so the journal of a server that runs for months stays the size
/// of its retention.
///
/// Entries go oldest first, in chunks (`chunk` rows a transaction) so the writer is never held
/// for long; an entry the rules have not read yet stays, however old (`consumed` gives the last
/// sequence they read; nil when detection is off).
struct JournalRetentionService<Store: PumpwatchStore>: Service {
    let store: Store
    let retention: Int64
    let interval: Double
    let chunk: Int
    let consumed: @Sendable () -> Int64?
    let now: @Sendable () -> Int64
    let logger: Logger

    init(
        store: Store, retention: Int64, interval: Double = 60, chunk: Int = 20_000, logger: Logger,
        now: @escaping @Sendable () -> Int64, consumed: @escaping @Sendable () -> Int64?
    ) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.chunk = chunk
        self.logger = logger
        self.now = now
        self.consumed = consumed
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await prune()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
            } catch {
                break
            }
        }
    }

    /// Deletes what is due now; returns how many entries went.
    @discardableResult
    func prune() async -> Int {
        let cut = now() - retention
        let upTo = consumed() ?? .max
        var removed = 0
        do {
            while !Task.isCancelled {
                let n = try await store.pruneJournal(receivedBefore: cut, upTo: upTo, limit: chunk)
                removed += n
                if n < chunk { break }
            }
        } catch {
            logger.warning("could not prune the ingest journal", metadata: ["error": "\(error)"])
        }
        if removed > 0 { logger.info("pruned the ingest journal", metadata: ["entries": "\(removed)"]) }
        return removed
    }
}
