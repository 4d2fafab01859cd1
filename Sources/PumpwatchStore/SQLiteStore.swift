import Foundation
import GRDB
import PumpwatchCore
import PumpwatchGuard

/// The SQLite store: one database file in WAL mode through a GRDB `DatabasePool`, or a
/// `DatabaseQueue` (in memory for tests), with named migrations applied on open.
///
/// ```swift
/// let store = try SQLiteStore.open(path: "pumpwatch.sqlite")
/// try await store.recordDecisions(records)
/// let blocked = try await store.decisions(matching: DecisionFilter(decision: .block, limit: 50))
/// ```
public struct SQLiteStore<Writer: DatabaseWriter>: PumpwatchStore {
    /// The database, for callers that add their own tables with their own migrations.
    public let writer: Writer
    /// The journal's duplicate check: the keys journaled recently (see `JournalDedupWindow`).
    public let dedup: JournalDedupWindow

    /// Checkpoints the write-ahead log off the writer's path, for a store in a file.
    let checkpointer: SQLiteCheckpointer?

    /// A store over `writer`, migrated to the latest schema.
    public init(writer: Writer, dedup: JournalDedupWindow.Settings = .init()) throws {
        try self.init(writer: writer, dedup: dedup, checkpointer: nil)
    }

    init(writer: Writer, dedup: JournalDedupWindow.Settings, checkpointer: SQLiteCheckpointer?) throws {
        self.writer = writer
        self.dedup = JournalDedupWindow(settings: dedup)
        self.checkpointer = checkpointer
        try SQLiteStore.migrator.migrate(writer)
    }

    /// The schema, one named migration per change. Never edit a migration that has shipped: add one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-guard-decisions") { db in
            try db.create(table: "guard_decision") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("time", .integer).notNull()
                t.column("request_id", .text).notNull()
                t.column("destination", .text).notNull()
                t.column("ip", .text)
                t.column("user_id", .text)
                t.column("session", .text)
                t.column("purpose", .text)
                t.column("channel", .text)
                t.column("decision", .text).notNull()
                t.column("policy_decision", .text).notNull()
                t.column("risk_score", .integer).notNull()
                t.column("country", .text)
                t.column("calling_code", .text)
                t.column("mode", .text).notNull()
                t.column("reasons", .text).notNull()
            }
            try db.create(index: "guard_decision_time", on: "guard_decision", columns: ["time"])
            try db.create(index: "guard_decision_decision", on: "guard_decision", columns: ["decision", "time"])
        }
        m.registerMigration("v1-guard-state") { db in
            try db.create(table: "state_checkpoint") { t in
                t.primaryKey("name", .text)
                t.column("saved_at", .integer).notNull()
                t.column("state", .blob).notNull()
            }
        }
        m.registerMigration("v2-alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL UNIQUE,
                        rule_id TEXT NOT NULL,
                        title TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        severity_rank INTEGER NOT NULL,
                        risk_score INTEGER NOT NULL,
                        attack TEXT NOT NULL,
                        first_seen INTEGER,
                        last_seen INTEGER,
                        event_count INTEGER NOT NULL,
                        entities TEXT NOT NULL,
                        evidence TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        sources TEXT NOT NULL,
                        state TEXT NOT NULL,
                        state_changed_by TEXT,
                        state_changed_at INTEGER,
                        note TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        occurrences INTEGER NOT NULL
                    );
                    CREATE INDEX alert_updated ON alert (updated_at);
                    CREATE INDEX alert_rule ON alert (rule_id, updated_at);
                    CREATE INDEX alert_state ON alert (state, updated_at);
                    CREATE TABLE alert_state_change (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        alert_id INTEGER NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
                        state TEXT NOT NULL,
                        changed_by TEXT NOT NULL,
                        changed_at INTEGER NOT NULL,
                        note TEXT
                    );
                    CREATE INDEX alert_state_change_alert ON alert_state_change (alert_id, id);
                    """)
        }
        m.registerMigration("v2-ingest-journal") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ingest_journal (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        format TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        UNIQUE (format, event_id)
                    );
                    """)
        }
        m.registerMigration("v2-notification-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE notification_outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        alert_id INTEGER NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
                        sink TEXT NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        last_attempt_at INTEGER,
                        created_at INTEGER NOT NULL,
                        delivered_at INTEGER
                    );
                    CREATE INDEX notification_outbox_due ON notification_outbox (state, next_attempt_at, id);
                    CREATE INDEX notification_outbox_alert ON notification_outbox (alert_id);
                    """)
        }
        // Duplicates are found by `JournalDedupWindow` in memory: a unique index on random ids
        // made every insert dirty an index page of its own.
        m.registerMigration("v3-ingest-journal-dedup") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ingest_journal_v3 (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        format TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        body BLOB NOT NULL
                    );
                    INSERT INTO ingest_journal_v3 (sequence, format, event_id, received_at, body)
                        SELECT sequence, format, event_id, received_at, body FROM ingest_journal ORDER BY sequence;
                    DELETE FROM sqlite_sequence WHERE name = 'ingest_journal_v3';
                    INSERT INTO sqlite_sequence (name, seq) SELECT 'ingest_journal_v3', seq FROM sqlite_sequence WHERE name = 'ingest_journal';
                    DROP TABLE ingest_journal;
                    ALTER TABLE ingest_journal_v3 RENAME TO ingest_journal;
                    """)
        }
        return m
    }

    /// The names of the migrations this version knows, oldest first.
    public static var migrationNames: [String] { migrator.migrations }

    // MARK: - Guard decisions

    public func recordDecisions(_ decisions: [GuardDecisionRecord]) async throws {
        guard !decisions.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO guard_decision (time, request_id, destination, ip, user_id, session, purpose, channel,
                        decision, policy_decision, risk_score, country, calling_code, mode, reasons)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for d in decisions {
                try statement.execute(arguments: [
                    d.time, d.id, d.to, d.ip, d.user, d.session, d.purpose, d.channel, d.decision.rawValue, d.policyDecision.rawValue,
                    d.riskScore, d.country, d.callingCode, d.mode.rawValue, SQLiteStore.reasonsJSON(d.reasons),
                ])
            }
        }
    }

    public func decisions(matching filter: DecisionFilter) async throws -> [GuardDecisionRecord] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ sql: String, _ value: some DatabaseValueConvertible) {
            conditions.append(sql)
            arguments += [value]
        }
        if let v = filter.since { add("time >= ?", v) }
        if let v = filter.until { add("time < ?", v) }
        if let v = filter.decision { add("decision = ?", v.rawValue) }
        if let v = filter.policyDecision { add("policy_decision = ?", v.rawValue) }
        if let v = filter.country { add("country = ?", v) }
        if let v = filter.to { add("destination = ?", v) }
        if let v = filter.before { add("seq < ?", v) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM guard_decision \(whereClause) ORDER BY seq DESC LIMIT \(filter.limit)"
        let args = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: args).map(SQLiteStore.record)
        }
    }

    @discardableResult
    public func pruneDecisions(before millis: Int64) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM guard_decision WHERE time < ?", arguments: [millis])
            return db.changesCount
        }
    }

    // MARK: - Checkpoints

    public func saveCheckpoint(_ checkpoint: StateCheckpoint) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO state_checkpoint (name, saved_at, state) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET saved_at = excluded.saved_at, state = excluded.state
                    """,
                arguments: [checkpoint.name, checkpoint.savedAt, checkpoint.state])
        }
    }

    public func checkpoint(named name: String) async throws -> StateCheckpoint? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, saved_at, state FROM state_checkpoint WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return StateCheckpoint(name: row["name"], savedAt: row["saved_at"], state: row["state"])
        }
    }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    // MARK: - Rows

    static func record(_ row: Row) -> GuardDecisionRecord {
        GuardDecisionRecord(
            seq: row["seq"], time: row["time"], id: row["request_id"], to: row["destination"], ip: row["ip"], user: row["user_id"],
            session: row["session"], purpose: row["purpose"], channel: row["channel"],
            decision: Verdict(rawValue: row["decision"]) ?? .allow,
            policyDecision: Verdict(rawValue: row["policy_decision"]) ?? .allow, riskScore: row["risk_score"],
            country: row["country"], callingCode: row["calling_code"], mode: GuardMode(rawValue: row["mode"]) ?? .enforce,
            reasons: reasons(fromJSON: row["reasons"]))
    }

    /// Reasons as a JSON array of `{signal, detail, value, threshold, score}`.
    static func reasonsJSON(_ reasons: [Reason]) -> String { ReasonsJSON.encode(reasons) }

    static func reasons(fromJSON text: String) -> [Reason] { ReasonsJSON.decode(text) }
}

extension SQLiteStore where Writer == DatabasePool {
    /// The store in the SQLite file at `path` (created if missing), in WAL mode with
    /// `synchronous = NORMAL`: a crash may lose the last transactions, never corrupt the file.
    public static func open(path: String, dedup: JournalDedupWindow.Settings = .init()) throws -> SQLiteStore<DatabasePool> {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The checkpointer copies the log as commits come; this is the writer's safety net.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(SQLiteCheckpointer.writerPages)")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        return try SQLiteStore(writer: pool, dedup: dedup, checkpointer: SQLiteCheckpointer(path: path))
    }
}

extension SQLiteStore where Writer == DatabaseQueue {
    /// A store in memory, gone with the process: for tests.
    public static func inMemory(dedup: JournalDedupWindow.Settings = .init()) throws -> SQLiteStore<DatabaseQueue> {
        try SQLiteStore(writer: DatabaseQueue(), dedup: dedup)
    }
}
