import GRDB
import XCTest

@testable import PumpwatchStore

/// The store contract on SQLite, each test on a fresh in-memory database.
final class SQLiteStoreContractTests: XCTestCase {
    func store() throws -> SQLiteStore<DatabaseQueue> { try SQLiteStore.inMemory() }

    func testAlertInsertDedupAndUpdate() async throws { try await StoreContract.alertInsertDedupAndUpdate(store()) }
    func testConcurrentUpsertsOfOneKey() async throws { try await StoreContract.concurrentUpsertsOfOneKey(store()) }
    func testAlertFilters() async throws { try await StoreContract.alertFilters(store()) }
    func testAlertStateChanges() async throws { try await StoreContract.alertStateChanges(store()) }
    func testJournalDedupAndPaging() async throws { try await StoreContract.journalDedupAndPaging(store()) }
    func testJournalPruning() async throws { try await StoreContract.journalPruning(store()) }
    func testOutboxEnqueuedOnCreationOnly() async throws { try await StoreContract.outboxEnqueuedOnCreationOnly(store()) }
    func testOutboxDueRetryAndDeadLetter() async throws { try await StoreContract.outboxDueRetryAndDeadLetter(store()) }
    func testDecisionsAndCheckpoints() async throws { try await StoreContract.decisionsAndCheckpoints(store()) }

    func testConcurrentUpsertsOnAFileDatabase() async throws {
        // A pool has real concurrent connections, unlike the in-memory queue.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await StoreContract.concurrentUpsertsOfOneKey(SQLiteStore.open(path: dir.appendingPathComponent("db.sqlite").path))
    }

    func testMigrationsAreNamedAndAppliedOnce() async throws {
        let expected = ["v1-guard-decisions", "v1-guard-state", "v2-alerts", "v2-ingest-journal", "v2-notification-outbox", "v3-ingest-journal-dedup"]
        XCTAssertEqual(SQLiteStore<DatabaseQueue>.migrationNames, expected)
        XCTAssertEqual(PostgresStore.migrationNames, expected, "both stores know the same migrations")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        do {
            let store = try SQLiteStore.open(path: path)
            let applied = try await store.writer.read { db in try SQLiteStore<DatabasePool>.migrator.appliedMigrations(db) }
            XCTAssertEqual(applied.sorted(), expected.sorted())
            _ = try await store.upsertAlert(StoreContract.pumpingDraft(), notify: ["slack"], at: StoreContract.t0)
            _ = try await store.appendToJournal([StoreContract.cloudTrailEntry(1)])
        }
        // Re-opening applies nothing and finds what was written.
        let reopened = try SQLiteStore.open(path: path)
        let rows = try await reopened.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }
        XCTAssertEqual(rows, expected.count)
        expectEqual(try await reopened.alerts(matching: AlertFilter()).count, 1)
        expectEqual(try await reopened.journalCount(), 1)
        expectEqual(try await reopened.notifications(state: .pending, limit: 10).count, 1)
    }
}
