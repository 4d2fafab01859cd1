import GRDB

extension SQLiteStore {
    static var outboxColumns: String {
        "id, alert_id, sink, state, attempts, next_attempt_at, last_error, created_at, delivered_at"
    }

    public func enqueueNotifications(alertID: Int64, sinks: [String], at millis: Int64) async throws {
        guard !sinks.isEmpty else { return }
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM alert WHERE id = ?)", arguments: [alertID]) == true else {
                throw StoreError.alertNotFound(alertID)
            }
            try SQLiteStore.insertNotifications(db, alertID: alertID, sinks: sinks, at: millis)
        }
    }

    static func insertNotifications(_ db: Database, alertID: Int64, sinks: [String], at millis: Int64) throws {
        guard !sinks.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO notification_outbox (alert_id, sink, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, 'pending', 0, ?, ?)
                """)
        for sink in sinks {
            try statement.execute(arguments: [alertID, sink, millis, millis])
        }
    }

    public func dueNotifications(at millis: Int64, limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.outboxColumns) FROM notification_outbox
                    WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [millis, limit]
            ).map(SQLiteStore.outboxEntry)
        }
    }

    public func markDelivered(_ id: Int64, at millis: Int64) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE notification_outbox SET state = 'delivered', delivered_at = ?, last_attempt_at = ? WHERE id = ?",
                arguments: [millis, millis, id])
            guard db.changesCount == 1 else { throw StoreError.notificationNotFound(id) }
        }
    }

    public func markAttemptFailed(_ id: Int64, error: String, retryAt: Int64?, at millis: Int64) async throws {
        try await writer.write { db in
            if let retryAt {
                try db.execute(
                    sql: """
                        UPDATE notification_outbox SET state = 'pending', attempts = attempts + 1, last_error = ?, last_attempt_at = ?,
                            next_attempt_at = ? WHERE id = ?
                        """,
                    arguments: [error, millis, retryAt, id])
            } else {
                try db.execute(
                    sql: """
                        UPDATE notification_outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, last_attempt_at = ?
                        WHERE id = ?
                        """,
                    arguments: [error, millis, id])
            }
            guard db.changesCount == 1 else { throw StoreError.notificationNotFound(id) }
        }
    }

    public func notifications(state: NotificationState?, limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        let whereClause = state == nil ? "" : "WHERE state = ?"
        let arguments: StatementArguments = state.map { [$0.rawValue, limit] } ?? [limit]
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SQLiteStore.outboxColumns) FROM notification_outbox \(whereClause) ORDER BY id DESC LIMIT ?",
                arguments: arguments
            ).map(SQLiteStore.outboxEntry)
        }
    }

    static func outboxEntry(_ row: Row) throws -> OutboxEntry {
        let id: Int64 = row["id"]
        let raw: String = row["state"]
        guard let state = NotificationState(rawValue: raw) else {
            throw StoreError.corruptRow(table: "notification_outbox", key: "id \(id)", reason: "unknown state '\(raw)'")
        }
        return OutboxEntry(
            id: id, alertID: row["alert_id"], sink: row["sink"], state: state, attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"], createdAt: row["created_at"],
            deliveredAt: row["delivered_at"])
    }
}
