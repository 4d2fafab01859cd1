import Foundation
import GRDB
import PumpwatchGuard
import Testing

@testable import PumpwatchStore

@Suite struct SQLiteStoreTests {
    func record(
        _ n: Int, time: Int64, decision: Verdict = .allow, country: String? = "GB", to: String = "+447700900123", reasons: [Reason] = []
    ) -> GuardDecisionRecord {
        GuardDecisionRecord(
            time: time, id: "req-\(n)", to: to, ip: "203.0.113.9", user: "u-\(n)", session: nil, purpose: "signup", channel: "sms",
            decision: decision, policyDecision: decision, riskScore: decision == .block ? 90 : 10, country: country, callingCode: "44",
            mode: .enforce, reasons: reasons)
    }

    @Test func migrationsAreNamedAndApplied() async throws {
        let store = try SQLiteStore.inMemory()
        #expect(SQLiteStore<DatabaseQueue>.migrationNames == ["v1-guard-decisions", "v1-guard-state", "v2-alerts", "v2-ingest-journal", "v2-notification-outbox", "v3-ingest-journal-dedup"])
        let applied = try await store.writer.read { db in try SQLiteStore<DatabaseQueue>.migrator.appliedMigrations(db) }
        #expect(applied == ["v1-guard-decisions", "v1-guard-state", "v2-alerts", "v2-ingest-journal", "v2-notification-outbox", "v3-ingest-journal-dedup"])
        // Migrating again is a no-op.
        _ = try SQLiteStore(writer: store.writer)
    }

    @Test func decisionsRoundTripWithReasons() async throws {
        let store = try SQLiteStore.inMemory()
        let reasons = [
            Reason(signal: "number-hourly", detail: "7 requests to this number in the last hour, \"quoted\"", value: 7, threshold: 6, score: 40),
            Reason(signal: "allow-list", detail: "10.0.0.0/8", value: 1, score: -100),
            Reason(signal: "conversion", detail: "rate", value: 0.125, threshold: 0.5, score: 20),
        ]
        try await store.recordDecisions([record(1, time: 1_000, decision: .block, reasons: reasons)])
        let listed = try await store.decisions(matching: DecisionFilter())
        #expect(listed.count == 1)
        var expected = record(1, time: 1_000, decision: .block, reasons: reasons)
        expected.seq = listed[0].seq
        #expect(listed[0] == expected)
    }

    @Test func decisionsFilterAndPage() async throws {
        let store = try SQLiteStore.inMemory()
        var batch: [GuardDecisionRecord] = []
        for i in 0..<50 {
            let verdict: Verdict = i % 5 == 0 ? .block : i % 5 == 1 ? .challenge : .allow
            batch.append(record(i, time: Int64(i) * 1000, decision: verdict, country: i % 2 == 0 ? "GB" : "NG", to: "+4477009001\(i % 10)"))
        }
        try await store.recordDecisions(batch)
        try await store.recordDecisions([])

        let newest = try await store.decisions(matching: DecisionFilter(limit: 3))
        #expect(newest.map(\.id) == ["req-49", "req-48", "req-47"])

        let blocked = try await store.decisions(matching: DecisionFilter(decision: .block))
        #expect(blocked.count == 10)
        #expect(blocked.allSatisfy { $0.decision == .block })

        let window = try await store.decisions(matching: DecisionFilter(since: 10_000, until: 20_000))
        #expect(window.count == 10)
        #expect(window.allSatisfy { (10_000..<20_000).contains($0.time) })

        let nigeria = try await store.decisions(matching: DecisionFilter(country: "NG", limit: 1000))
        #expect(nigeria.count == 25)
        let one = try await store.decisions(matching: DecisionFilter(to: "+44770090013"))
        #expect(one.count == 5)

        // Paging with the last sequence number of each page visits every record once.
        var seen: [String] = []
        var before: Int64?
        while true {
            let page = try await store.decisions(matching: DecisionFilter(before: before, limit: 20))
            seen += page.map(\.id)
            guard page.count == 20, let last = page.last?.seq else { break }
            before = last
        }
        #expect(seen.count == 50)
        #expect(Set(seen).count == 50)
    }

    @Test func filterLimitIsClamped() {
        #expect(DecisionFilter(limit: 0).limit == 1)
        #expect(DecisionFilter(limit: 1_000_000).limit == DecisionFilter.maximumLimit)
    }

    @Test func pruneRemovesOldDecisions() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.recordDecisions((0..<10).map { record($0, time: Int64($0) * 1000) })
        let removed = try await store.pruneDecisions(before: 5_000)
        #expect(removed == 5)
        let left = try await store.decisions(matching: DecisionFilter())
        #expect(left.map(\.time).min() == 5_000)
    }

    @Test func checkpointsAreSavedReplacedAndRead() async throws {
        let store = try SQLiteStore.inMemory()
        #expect(try await store.checkpoint(named: "guard") == nil)
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 1, state: Data([1, 2, 3])))
        try await store.saveCheckpoint(StateCheckpoint(name: "other", savedAt: 5, state: Data()))
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 2, state: Data(repeating: 7, count: 100_000)))
        let saved = try await store.checkpoint(named: "guard")
        #expect(saved == StateCheckpoint(name: "guard", savedAt: 2, state: Data(repeating: 7, count: 100_000)))
        #expect(try await store.checkpoint(named: "other")?.savedAt == 5)
        try await store.ping()
    }

    @Test func fileStoreUsesWAL() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pumpwatch.sqlite").path
        do {
            let store = try SQLiteStore.open(path: path)
            let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            try await store.recordDecisions([record(1, time: 1)])
            try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 9, state: Data([9])))
        }
        // A second open finds what the first wrote and does not migrate twice.
        let reopened = try SQLiteStore.open(path: path)
        #expect(try await reopened.decisions(matching: DecisionFilter()).count == 1)
        #expect(try await reopened.checkpoint(named: "guard")?.state == Data([9]))
    }
}
