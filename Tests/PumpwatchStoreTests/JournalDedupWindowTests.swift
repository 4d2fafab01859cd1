import Foundation
import GRDB
import XCTest

@testable import PumpwatchStore

/// The SQLite journal's duplicate check: what it finds, how far back, and that it survives a restart.
final class JournalDedupWindowTests: XCTestCase {
    private let hour: Int64 = 3_600_000

    private func admit(_ w: JournalDedupWindow, _ id: String, at t: Int64, format: String = "cloudtrail") -> Bool {
        w.withLock(load: { _ in }) { s in s.admit(format: format, eventID: id, at: t) }
    }

    func testFindsRepeatsWithinTheWindowAndPerFormat() {
        let w = JournalDedupWindow(settings: .init(window: hour, maxKeys: 1000))
        XCTAssertTrue(admit(w, "a", at: 0))
        XCTAssertFalse(admit(w, "a", at: 10), "the same key again is a duplicate")
        XCTAssertTrue(admit(w, "a", at: 10, format: "twilio-messages"), "the same id in another format is another event")
        XCTAssertTrue(admit(w, "b", at: 20))
        XCTAssertEqual(w.count, 3)
    }

    func testForgetsKeysOlderThanTheWindow() {
        let w = JournalDedupWindow(settings: .init(window: hour, maxKeys: 1000))
        XCTAssertTrue(admit(w, "old", at: 0))
        // Keys keep arriving for two hours: the generation holding "old" ends more than a window ago.
        for i in 0..<100 { XCTAssertTrue(admit(w, "k\(i)", at: Int64(i) * hour / 40)) }
        XCTAssertFalse(admit(w, "k99", at: 99 * hour / 40))
        XCTAssertTrue(admit(w, "old", at: 100 * hour / 40), "a key from before the window counts as new")
        XCTAssertLessThanOrEqual(w.count, 100)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(w.oldestCovered), 100 * hour / 40 - 2 * hour)
    }

    func testMemoryIsBoundedByMaxKeysAndTheLatestKeysStayCovered() {
        let w = JournalDedupWindow(settings: .init(window: 24 * hour, maxKeys: 400))
        for i in 0..<10_000 { XCTAssertTrue(admit(w, "k\(i)", at: 1)) }
        XCTAssertLessThanOrEqual(w.count, 400)
        // At least three quarters of maxKeys, the most recent ones, are still found.
        for i in (10_000 - 300)..<10_000 { XCTAssertFalse(admit(w, "k\(i)", at: 2), "k\(i)") }
    }

    func testAFailedAppendForgetsTheKeysItAdded() {
        struct Failure: Error {}
        let w = JournalDedupWindow(settings: .init(window: hour, maxKeys: 1000))
        XCTAssertTrue(admit(w, "kept", at: 0))
        XCTAssertThrowsError(
            try w.withLock(load: { _ in }) { s in
                XCTAssertTrue(s.admit(format: "cloudtrail", eventID: "rolled-back", at: 1))
                XCTAssertFalse(s.admit(format: "cloudtrail", eventID: "kept", at: 1))
                throw Failure()
            })
        XCTAssertTrue(admit(w, "rolled-back", at: 2), "the failed append's key was forgotten")
        XCTAssertFalse(admit(w, "kept", at: 2), "keys of earlier appends stay")
    }

    func testLoadsOnceNewestFirstAndStopsAtTheWindow() {
        let w = JournalDedupWindow(settings: .init(window: hour, maxKeys: 1000))
        var loads = 0
        let stored: [(String, Int64)] = [("newest", 3 * hour), ("recent", 2 * hour + 1), ("stale", hour - 1), ("older", 0)]
        let load: (inout JournalDedupWindow.Loader) -> Void = { loader in
            loads += 1
            for (id, t) in stored where !loader.take(format: "cloudtrail", eventID: id, at: t) { break }
        }
        XCTAssertFalse(w.withLock(load: load) { s in s.admit(format: "cloudtrail", eventID: "newest", at: 3 * hour) })
        XCTAssertFalse(w.withLock(load: load) { s in s.admit(format: "cloudtrail", eventID: "recent", at: 3 * hour) })
        XCTAssertTrue(w.withLock(load: load) { s in s.admit(format: "cloudtrail", eventID: "stale", at: 3 * hour) })
        XCTAssertEqual(loads, 1)
    }

    // MARK: - In the store

    private func temporaryPath() throws -> (URL, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-dedup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("db.sqlite").path)
    }

    func testARestartedStoreStillFindsRetries() async throws {
        let (dir, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let batch = (1...50).map { StoreContract.cloudTrailEntry($0, receivedAt: StoreContract.t0 + Int64($0)) }
        do {
            let store = try SQLiteStore.open(path: path)
            expectEqual(try await store.appendToJournal(batch).accepted, 50)
        }
        let reopened = try SQLiteStore.open(path: path)
        let retry = try await reopened.appendToJournal(batch + [StoreContract.cloudTrailEntry(51, receivedAt: StoreContract.t0 + 60)])
        XCTAssertEqual(retry.accepted, 1)
        XCTAssertEqual(retry.duplicates, 50)
        expectEqual(try await reopened.journalCount(), 51)
    }

    func testARetryAfterTheWindowIsJournaledAgain() async throws {
        let store = try SQLiteStore.inMemory(dedup: .init(window: hour, maxKeys: 1000))
        let t0 = StoreContract.t0
        expectEqual(try await store.appendToJournal([StoreContract.cloudTrailEntry(1, receivedAt: t0)]).accepted, 1)
        expectEqual(try await store.appendToJournal([StoreContract.cloudTrailEntry(1, receivedAt: t0 + hour / 2)]).duplicates, 1)
        for k in 1...12 {
            _ = try await store.appendToJournal([StoreContract.cloudTrailEntry(100 + k, receivedAt: t0 + Int64(k) * hour / 4)])
        }
        expectEqual(try await store.appendToJournal([StoreContract.cloudTrailEntry(1, receivedAt: t0 + 3 * hour)]).accepted, 1)
    }

    func testMigratingAVersion2JournalKeepsItsEntriesAndSequences() async throws {
        let (dir, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A database as version 2 left it: the journal with its unique constraint, three entries.
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore<DatabasePool>.migrator.migrate(pool, upTo: "v2-notification-outbox")
            try await pool.write { db in
                for n in [1, 2, 3] {
                    let e = StoreContract.cloudTrailEntry(n)
                    try db.execute(
                        sql: "INSERT INTO ingest_journal (format, event_id, received_at, body) VALUES (?, ?, ?, ?)",
                        arguments: [e.format, e.eventID, e.receivedAt, Data(e.body)])
                }
                try db.execute(sql: "DELETE FROM ingest_journal WHERE event_id = ?", arguments: [StoreContract.cloudTrailEntry(3).eventID])
            }
        }
        let store = try SQLiteStore.open(path: path)
        let entries = try await store.journal(after: 0, limit: 10)
        XCTAssertEqual(entries.map(\.sequence), [1, 2])
        XCTAssertEqual(entries.map(\.body), [StoreContract.cloudTrailEntry(1).body, StoreContract.cloudTrailEntry(2).body])
        let next = try await store.appendToJournal([StoreContract.cloudTrailEntry(2), StoreContract.cloudTrailEntry(4)])
        XCTAssertEqual(next.accepted, 1, "keys journaled before the migration are still found")
        XCTAssertEqual(next.lastSequence, 4, "sequences are never reused, even after the last entry was deleted")
        let indexes = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ingest_journal'")
        }
        XCTAssertEqual(indexes, [], "the journal has no index to update per insert")
    }
}

/// The store's own checkpoints: the log is copied into the database file off the writer's path.
final class SQLiteCheckpointerTests: XCTestCase {
    func testCommittedJournalPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let store = try SQLiteStore.open(path: path)
        let checkpointer = try XCTUnwrap(store.checkpointer)
        func size(_ p: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        let before = size(path)
        // About 0.8 MB of records: far below the writer's own threshold (8192 pages, 32 MB).
        for b in 0..<10 {
            let batch = (0..<100).map { StoreContract.cloudTrailEntry(1000 + b * 100 + $0) }
            _ = try await store.appendToJournal(batch)
        }
        let deadline = Date().addingTimeInterval(10)
        while size(path) < before + 500_000 && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        XCTAssertGreaterThan(size(path), before + 500_000, "the journal's pages were copied into the database file")
        XCTAssertGreaterThan(checkpointer.count, 0)
        expectEqual(try await store.journalCount(), 1000)
        let mode = try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        XCTAssertEqual(mode, SQLiteCheckpointer.writerPages)
    }
}
