import Foundation
import GRDB
import Logging
import PostgresNIO
import XCTest

@testable import PumpwatchStore

/// The store contract on PostgreSQL. Runs when `PUMPWATCH_TEST_POSTGRES_URL` names a database
/// (`scripts/postgres.sh` starts one); each test works in a fresh schema, dropped afterwards.
final class PostgresStoreContractTests: XCTestCase {
    static let logger = Logger(label: "pumpwatch.store.tests")

    /// The database URL, or a skip.
    func databaseURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["PUMPWATCH_TEST_POSTGRES_URL"], !text.isEmpty else {
            throw XCTSkip("set PUMPWATCH_TEST_POSTGRES_URL (scripts/postgres.sh prints one) to run the PostgreSQL tests")
        }
        return try PostgresURL(parsing: text)
    }

    /// Runs `body` on a store in a new schema, then drops the schema and closes the store.
    func withFreshStore(_ body: (PostgresStore) async throws -> Void) async throws {
        var url = try databaseURL()
        url.searchPath = "pumpwatch_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let store = try await PostgresStore.connect(url: url, logger: Self.logger)
        do {
            try await body(store)
        } catch {
            await drop(store)
            throw error
        }
        await drop(store)
    }

    func drop(_ store: PostgresStore) async {
        if let schema = store.url.searchPath {
            _ = try? await store.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(PostgresURL.quotedIdentifier(schema)) CASCADE")).collect()
        }
        await store.close()
    }

    func testAlertInsertDedupAndUpdate() async throws { try await withFreshStore { try await StoreContract.alertInsertDedupAndUpdate($0) } }
    func testConcurrentUpsertsOfOneKey() async throws { try await withFreshStore { try await StoreContract.concurrentUpsertsOfOneKey($0) } }
    func testAlertFilters() async throws { try await withFreshStore { try await StoreContract.alertFilters($0) } }
    func testAlertStateChanges() async throws { try await withFreshStore { try await StoreContract.alertStateChanges($0) } }
    func testJournalDedupAndPaging() async throws { try await withFreshStore { try await StoreContract.journalDedupAndPaging($0) } }
    func testJournalPruning() async throws { try await withFreshStore { try await StoreContract.journalPruning($0) } }
    func testOutboxEnqueuedOnCreationOnly() async throws { try await withFreshStore { try await StoreContract.outboxEnqueuedOnCreationOnly($0) } }
    func testOutboxDueRetryAndDeadLetter() async throws { try await withFreshStore { try await StoreContract.outboxDueRetryAndDeadLetter($0) } }
    func testDecisionsAndCheckpoints() async throws { try await withFreshStore { try await StoreContract.decisionsAndCheckpoints($0) } }

    func testConcurrentJournalAppendsKeepSequencesInCommitOrder() async throws {
        try await withFreshStore { store in
            // Eight writers append overlapping batches; every event lands once and pages in order.
            let appends = try await withThrowingTaskGroup(of: JournalAppend.self) { group in
                for w in 0..<8 {
                    group.addTask {
                        try await store.appendToJournal((0..<50).map { StoreContract.cloudTrailEntry(w * 25 + $0) })
                    }
                }
                var all: [JournalAppend] = []
                for try await a in group { all.append(a) }
                return all
            }
            XCTAssertEqual(appends.map(\.accepted).reduce(0, +), 225)
            XCTAssertEqual(appends.map(\.duplicates).reduce(0, +), 400 - 225)
            expectEqual(try await store.journalCount(), 225)
            let entries = try await store.journal(after: 0, limit: 1000)
            XCTAssertEqual(Set(entries.map(\.eventID)).count, 225)
            XCTAssertEqual(entries.compactMap(\.sequence), entries.compactMap(\.sequence).sorted())
        }
    }

    func testMigrationsAreNamedAndAppliedOnce() async throws {
        try await withFreshStore { store in
            expectEqual(try await store.appliedMigrations(), PostgresStore.migrationNames)
            XCTAssertEqual(PostgresStore.migrationNames, SQLiteStore<DatabaseQueue>.migrationNames)
            _ = try await store.upsertAlert(StoreContract.pumpingDraft(), notify: ["slack"], at: StoreContract.t0)
            _ = try await store.appendToJournal([StoreContract.cloudTrailEntry(1)])

            // A second store on the same schema (a restart, or a second process) migrates nothing.
            let again = try await PostgresStore.connect(url: store.url, logger: Self.logger)
            let applied = try await again.appliedMigrations()
            let alerts = try await again.alerts(matching: AlertFilter())
            let journal = try await again.journalCount()
            let pending = try await again.notifications(state: .pending, limit: 10)
            await again.close()
            XCTAssertEqual(applied, PostgresStore.migrationNames)
            XCTAssertEqual(alerts.count, 1)
            XCTAssertEqual(journal, 1)
            XCTAssertEqual(pending.count, 1)
        }
    }

    func testUnreachableDatabaseFailsWithTheRedactedURL() async throws {
        var url = try databaseURL()
        url.port = 1  // nothing listens there
        url.password = "s3cret"
        do {
            let store = try await PostgresStore.connect(url: url, logger: Self.logger)
            await store.close()
            XCTFail("connecting to a closed port must fail")
        } catch let error as StoreError {
            guard case .databaseError(let operation, _) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(operation.contains("127.0.0.1:1") || operation.contains(":1/"), operation)
            XCTAssertFalse(error.description.contains("s3cret"))
        }
    }

    func testMissingDatabaseFailsWithTheServersMessage() async throws {
        var url = try databaseURL()
        url.database = "pumpwatch_no_such_database"
        do {
            let store = try await PostgresStore.connect(url: url, logger: Self.logger)
            await store.close()
            XCTFail("connecting to a missing database must fail")
        } catch let error as StoreError {
            XCTAssertTrue(error.description.contains("pumpwatch_no_such_database"), error.description)
        }
    }
}
