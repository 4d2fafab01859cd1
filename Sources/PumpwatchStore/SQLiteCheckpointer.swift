import Foundation
import GRDB

/// Copies the SQLite write-ahead log into the database file on a thread and connection of its own,
/// so the writer does not: the store's side of ingest throughput.
///
/// SQLite checkpoints, by default, right after the commit that grows the log past 1,000 pages, on
/// the writing connection: reading the log's frames, writing them into the database file and
/// syncing it took about a third of the writer's time under ingest, and every journal append waits
/// for that writer. Here a passive checkpoint (it never blocks the writer or readers) runs shortly
/// after commits, and the writer's own automatic checkpoint is raised to `writerPages` as a safety
/// net: it still completes the checkpoint now and then, which lets the log restart from its
/// beginning, but finds most frames already copied.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// The writer's automatic checkpoint threshold, pages.
    static let writerPages = 8192
    /// The longest wait between two passive checkpoints when commits keep coming, and when none do.
    static let busyInterval: TimeInterval = 0.05
    static let idleInterval: TimeInterval = 1

    private let queue: DatabaseQueue
    private let condition = NSCondition()
    private var pending = false
    private var stopping = false
    private var checkpoints = 0

    /// Opens a connection of its own to the database at `path` (already in WAL mode) and starts the thread.
    init(path: String) throws {
        var config = Configuration()
        config.label = "pumpwatch.checkpoint"
        queue = try DatabaseQueue(path: path, configuration: config)
        // The thread holds the checkpointer only while it works: once the store lets it go, it ends.
        let thread = Thread { [weak self] in
            while let checkpointer = self, checkpointer.step() {}
        }
        thread.name = "pumpwatch-checkpoint"
        thread.start()
    }

    /// Tells the thread that a transaction committed.
    func committed() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after its current checkpoint.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Waits for commits (or the idle interval) and checkpoints once; false when stopped.
    private func step() -> Bool {
        condition.lock()
        if !pending && !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.idleInterval)) }
        if stopping {
            condition.unlock()
            return false
        }
        let hadCommits = pending
        pending = false
        condition.unlock()
        // A failed checkpoint is harmless: the log keeps the data, and the next one (or the writer's) copies it.
        _ = try? queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        condition.lock()
        checkpoints += 1
        condition.unlock()
        // Let commits gather: one checkpoint per interval at most while they keep coming.
        if hadCommits { Thread.sleep(forTimeInterval: Self.busyInterval) }
        return true
    }

    /// Checkpoints run so far.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return checkpoints
    }
}
