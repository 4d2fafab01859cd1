import GRDB

extension SQLiteStore {
    /// The columns an alert is read back from, in the order `alertRecord(_:)` expects.
    static var alertColumns: String {
        """
        id, key, rule_id, title, severity, risk_score, attack, first_seen, last_seen, event_count, entities, evidence, summary,
        sources, state, state_changed_by, state_changed_at, note, created_at, updated_at, occurrences
        """
    }

    public func upsertAlert(_ draft: AlertDraft, notify sinks: [String], at millis: Int64) async throws -> AlertUpsert {
        try await writer.write { db in
            let sql = """
                INSERT INTO alert (key, rule_id, title, severity, severity_rank, risk_score, attack, first_seen, last_seen, event_count,
                    entities, evidence, summary, sources, state, created_at, updated_at, occurrences)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1)
                ON CONFLICT (key) DO UPDATE SET
                    first_seen = coalesce(min(alert.first_seen, excluded.first_seen), alert.first_seen, excluded.first_seen),
                    last_seen = coalesce(max(alert.last_seen, excluded.last_seen), alert.last_seen, excluded.last_seen),
                    event_count = excluded.event_count,
                    risk_score = excluded.risk_score,
                    evidence = excluded.evidence,
                    summary = excluded.summary,
                    sources = excluded.sources,
                    updated_at = excluded.updated_at,
                    occurrences = alert.occurrences + 1
                RETURNING \(SQLiteStore.alertColumns)
                """
            let arguments: StatementArguments = [
                draft.key, draft.ruleID, draft.title, draft.severity, AlertSeverity.storedRank(of: draft.severity), draft.riskScore,
                StringListJSON.encode(draft.attack), draft.firstSeen, draft.lastSeen, draft.count, draft.entities, draft.evidence,
                draft.summary, StringListJSON.encode(draft.sources), millis, millis,
            ]
            guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else {
                throw StoreError.databaseError(operation: "upsert alert \(draft.key)", reason: "no row returned")
            }
            let alert = try SQLiteStore.alertRecord(row)
            let created = alert.occurrences == 1
            if created {
                try SQLiteStore.insertNotifications(db, alertID: alert.id, sinks: sinks, at: millis)
            }
            return AlertUpsert(alert: alert, created: created)
        }
    }

    public func alerts(matching filter: AlertFilter) async throws -> [AlertRecord] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ sql: String, _ value: some DatabaseValueConvertible) {
            conditions.append(sql)
            arguments += [value]
        }
        if let v = filter.since { add("updated_at >= ?", v) }
        if let v = filter.minimumSeverity {
            guard let rank = AlertSeverity.rank(of: v) else { throw StoreError.unknownSeverity(v) }
            add("severity_rank >= ?", rank)
        }
        if let v = filter.rule { add("rule_id = ?", v) }
        if let v = filter.state { add("state = ?", v.rawValue) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(SQLiteStore.alertColumns) FROM alert \(whereClause) ORDER BY updated_at DESC, id DESC LIMIT \(filter.clampedLimit)"
        let args = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: args).map(SQLiteStore.alertRecord)
        }
    }

    public func alert(id: Int64) async throws -> AlertRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.alertColumns) FROM alert WHERE id = ?", arguments: [id]).map(SQLiteStore.alertRecord)
        }
    }

    public func setAlertState(id: Int64, to state: AlertState, by actor: String, note: String?, at millis: Int64) async throws -> AlertRecord? {
        try await writer.write { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    UPDATE alert SET state = ?, state_changed_by = ?, state_changed_at = ?, note = ?, updated_at = ?
                    WHERE id = ? RETURNING \(SQLiteStore.alertColumns)
                    """,
                arguments: [state.rawValue, actor, millis, note, millis, id])
            guard let row else { return nil }
            try db.execute(
                sql: "INSERT INTO alert_state_change (alert_id, state, changed_by, changed_at, note) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, state.rawValue, actor, millis, note])
            return try SQLiteStore.alertRecord(row)
        }
    }

    public func alertStateChanges(id: Int64) async throws -> [AlertStateChange] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, alert_id, state, changed_by, changed_at, note FROM alert_state_change WHERE alert_id = ? ORDER BY id",
                arguments: [id]
            ).map { row in
                let raw: String = row["state"]
                guard let state = AlertState(rawValue: raw) else {
                    throw StoreError.corruptRow(table: "alert_state_change", key: "id \(row["id"] as Int64)", reason: "unknown state '\(raw)'")
                }
                return AlertStateChange(alertID: row["alert_id"], state: state, changedBy: row["changed_by"], changedAt: row["changed_at"], note: row["note"])
            }
        }
    }

    static func alertRecord(_ row: Row) throws -> AlertRecord {
        let id: Int64 = row["id"]
        func corrupt(_ reason: String) -> StoreError { .corruptRow(table: "alert", key: "id \(id)", reason: reason) }
        let rawState: String = row["state"]
        guard let state = AlertState(rawValue: rawState) else { throw corrupt("unknown state '\(rawState)'") }
        guard let attack = StringListJSON.decode(row["attack"]) else { throw corrupt("attack is not a JSON array of strings") }
        guard let sources = StringListJSON.decode(row["sources"]) else { throw corrupt("sources is not a JSON array of strings") }
        let draft = AlertDraft(
            key: row["key"], ruleID: row["rule_id"], title: row["title"], severity: row["severity"], riskScore: row["risk_score"],
            attack: attack, firstSeen: row["first_seen"], lastSeen: row["last_seen"], count: row["event_count"], entities: row["entities"],
            evidence: row["evidence"], summary: row["summary"], sources: sources)
        return AlertRecord(
            id: id, draft: draft, state: state, stateChangedBy: row["state_changed_by"], stateChangedAt: row["state_changed_at"],
            note: row["note"], createdAt: row["created_at"], updatedAt: row["updated_at"], occurrences: row["occurrences"])
    }
}
