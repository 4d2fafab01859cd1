import PostgresNIO

extension PostgresStore {
    static let outboxColumns = "id, alert_id, sink, state, attempts, next_attempt_at, last_error, created_at, delivered_at"

    public func enqueueNotifications(alertID: Int64, sinks: [String], at millis: Int64) async throws {
        guard !sinks.isEmpty else { return }
        var exists = PostgresStatement()
        exists.append("SELECT id FROM alert WHERE id = \(exists.bind(alertID)) FOR KEY SHARE")
        let check = exists
        try await transaction("enqueue notifications of alert \(alertID)") { connection in
            guard try await !rows(check, on: connection).isEmpty else { throw StoreError.alertNotFound(alertID) }
            try await insertNotifications(alertID: alertID, sinks: sinks, at: millis, on: connection)
        }
    }

    func insertNotifications(alertID: Int64, sinks: [String], at millis: Int64, on connection: PostgresConnection) async throws {
        guard !sinks.isEmpty else { return }
        var s = PostgresStatement("INSERT INTO notification_outbox (alert_id, sink, state, attempts, next_attempt_at, created_at) VALUES ")
        for (i, sink) in sinks.enumerated() {
            s.append("\(i == 0 ? "" : ", ")(\(s.bind(alertID)), \(s.bind(sink)), 'pending', 0, \(s.bind(millis)), \(s.bind(millis)))")
        }
        _ = try await rows(s, on: connection)
    }

    public func dueNotifications(at millis: Int64, limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        var s = PostgresStatement()
        s.append(
            """
            SELECT \(PostgresStore.outboxColumns) FROM notification_outbox
            WHERE state = 'pending' AND next_attempt_at <= \(s.bind(millis)) ORDER BY next_attempt_at, id LIMIT \(s.bind(limit))
            """)
        return try await perform("list due notifications") { try await rows(s).map(PostgresStore.outboxEntry) }
    }

    public func markDelivered(_ id: Int64, at millis: Int64) async throws {
        var s = PostgresStatement()
        s.append(
            """
            UPDATE notification_outbox SET state = 'delivered', delivered_at = \(s.bind(millis)), last_attempt_at = \(s.bind(millis))
            WHERE id = \(s.bind(id)) RETURNING id
            """)
        try await perform("mark notification \(id) delivered") {
            guard try await !rows(s).isEmpty else { throw StoreError.notificationNotFound(id) }
        }
    }

    public func markAttemptFailed(_ id: Int64, error: String, retryAt: Int64?, at millis: Int64) async throws {
        var s = PostgresStatement()
        if let retryAt {
            s.append(
                """
                UPDATE notification_outbox SET state = 'pending', attempts = attempts + 1, last_error = \(s.bind(error)), \
                last_attempt_at = \(s.bind(millis)), next_attempt_at = \(s.bind(retryAt)) WHERE id = \(s.bind(id)) RETURNING id
                """)
        } else {
            s.append(
                """
                UPDATE notification_outbox SET state = 'failed', attempts = attempts + 1, last_error = \(s.bind(error)), \
                last_attempt_at = \(s.bind(millis)) WHERE id = \(s.bind(id)) RETURNING id
                """)
        }
        try await perform("record a failed attempt of notification \(id)") {
            guard try await !rows(s).isEmpty else { throw StoreError.notificationNotFound(id) }
        }
    }

    public func notifications(state: NotificationState?, limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        var s = PostgresStatement()
        let whereClause = state.map { "WHERE state = \(s.bind($0.rawValue))" } ?? ""
        s.append("SELECT \(PostgresStore.outboxColumns) FROM notification_outbox \(whereClause) ORDER BY id DESC LIMIT \(s.bind(limit))")
        return try await perform("list notifications") { try await rows(s).map(PostgresStore.outboxEntry) }
    }

    static func outboxEntry(_ row: PostgresRow) throws -> OutboxEntry {
        let r = row.makeRandomAccess()
        let id: Int64 = try r.value("id")
        let raw: String = try r.value("state")
        guard let state = NotificationState(rawValue: raw) else {
            throw StoreError.corruptRow(table: "notification_outbox", key: "id \(id)", reason: "unknown state '\(raw)'")
        }
        return OutboxEntry(
            id: id, alertID: try r.value("alert_id"), sink: try r.value("sink"), state: state, attempts: try r.value("attempts"),
            nextAttemptAt: try r.value("next_attempt_at"), lastError: try r.value("last_error"), createdAt: try r.value("created_at"),
            deliveredAt: try r.value("delivered_at"))
    }
}
