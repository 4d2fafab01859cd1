import PostgresNIO

extension PostgresStore {
    static let alertColumns = """
        id, key, rule_id, title, severity, risk_score, attack, first_seen, last_seen, event_count, entities, evidence, summary,
        sources, state, state_changed_by, state_changed_at, note, created_at, updated_at, occurrences
        """

    public func upsertAlert(_ draft: AlertDraft, notify sinks: [String], at millis: Int64) async throws -> AlertUpsert {
        var s = PostgresStatement()
        let values = [
            s.bind(draft.key), s.bind(draft.ruleID), s.bind(draft.title), s.bind(draft.severity),
            s.bind(AlertSeverity.storedRank(of: draft.severity)), s.bind(draft.riskScore), s.bind(StringListJSON.encode(draft.attack)),
            s.bind(draft.firstSeen), s.bind(draft.lastSeen), s.bind(draft.count), s.bind(draft.entities), s.bind(draft.evidence),
            s.bind(draft.summary), s.bind(StringListJSON.encode(draft.sources)), "'open'", s.bind(millis), s.bind(millis), "1",
        ]
        s.append(
            """
            INSERT INTO alert (key, rule_id, title, severity, severity_rank, risk_score, attack, first_seen, last_seen, event_count,
                entities, evidence, summary, sources, state, created_at, updated_at, occurrences)
            VALUES (\(values.joined(separator: ", ")))
            ON CONFLICT (key) DO UPDATE SET
                first_seen = LEAST(alert.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(alert.last_seen, EXCLUDED.last_seen),
                event_count = EXCLUDED.event_count,
                risk_score = EXCLUDED.risk_score,
                evidence = EXCLUDED.evidence,
                summary = EXCLUDED.summary,
                sources = EXCLUDED.sources,
                updated_at = EXCLUDED.updated_at,
                occurrences = alert.occurrences + 1
            RETURNING \(PostgresStore.alertColumns)
            """)
        let statement = s
        return try await transaction("upsert alert \(draft.key)") { connection in
            guard let row = try await rows(statement, on: connection).first else {
                throw StoreError.databaseError(operation: "upsert alert \(draft.key)", reason: "no row returned")
            }
            let alert = try PostgresStore.alertRecord(row)
            let created = alert.occurrences == 1
            if created {
                try await insertNotifications(alertID: alert.id, sinks: sinks, at: millis, on: connection)
            }
            return AlertUpsert(alert: alert, created: created)
        }
    }

    public func alerts(matching filter: AlertFilter) async throws -> [AlertRecord] {
        var s = PostgresStatement()
        var conditions: [String] = []
        if let v = filter.since { conditions.append("updated_at >= \(s.bind(v))") }
        if let v = filter.minimumSeverity {
            guard let rank = AlertSeverity.rank(of: v) else { throw StoreError.unknownSeverity(v) }
            conditions.append("severity_rank >= \(s.bind(rank))")
        }
        if let v = filter.rule { conditions.append("rule_id = \(s.bind(v))") }
        if let v = filter.state { conditions.append("state = \(s.bind(v.rawValue))") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        s.append("SELECT \(PostgresStore.alertColumns) FROM alert \(whereClause) ORDER BY updated_at DESC, id DESC LIMIT \(filter.clampedLimit)")
        return try await perform("list alerts") { try await rows(s).map(PostgresStore.alertRecord) }
    }

    public func alert(id: Int64) async throws -> AlertRecord? {
        var s = PostgresStatement()
        s.append("SELECT \(PostgresStore.alertColumns) FROM alert WHERE id = \(s.bind(id))")
        return try await perform("read alert \(id)") { try await rows(s).first.map(PostgresStore.alertRecord) }
    }

    public func setAlertState(id: Int64, to state: AlertState, by actor: String, note: String?, at millis: Int64) async throws -> AlertRecord? {
        var update = PostgresStatement()
        update.append(
            """
            UPDATE alert SET state = \(update.bind(state.rawValue)), state_changed_by = \(update.bind(actor)), \
            state_changed_at = \(update.bind(millis)), note = \(update.bind(note)), updated_at = \(update.bind(millis))
            WHERE id = \(update.bind(id)) RETURNING \(PostgresStore.alertColumns)
            """)
        var history = PostgresStatement()
        history.append(
            """
            INSERT INTO alert_state_change (alert_id, state, changed_by, changed_at, note)
            VALUES (\(history.bind(id)), \(history.bind(state.rawValue)), \(history.bind(actor)), \(history.bind(millis)), \(history.bind(note)))
            """)
        let (u, h) = (update, history)
        return try await transaction("set state of alert \(id)") { connection in
            guard let row = try await rows(u, on: connection).first else { return nil }
            _ = try await rows(h, on: connection)
            return try PostgresStore.alertRecord(row)
        }
    }

    public func alertStateChanges(id: Int64) async throws -> [AlertStateChange] {
        var s = PostgresStatement()
        s.append("SELECT id, alert_id, state, changed_by, changed_at, note FROM alert_state_change WHERE alert_id = \(s.bind(id)) ORDER BY id")
        return try await perform("read state changes of alert \(id)") {
            try await rows(s).map { row in
                let r = row.makeRandomAccess()
                let raw: String = try r.value("state")
                guard let state = AlertState(rawValue: raw) else {
                    throw StoreError.corruptRow(table: "alert_state_change", key: "id \(try r.value("id", as: Int64.self))", reason: "unknown state '\(raw)'")
                }
                return AlertStateChange(
                    alertID: try r.value("alert_id"), state: state, changedBy: try r.value("changed_by"), changedAt: try r.value("changed_at"),
                    note: try r.value("note"))
            }
        }
    }

    static func alertRecord(_ row: PostgresRow) throws -> AlertRecord {
        let r = row.makeRandomAccess()
        let id: Int64 = try r.value("id")
        func corrupt(_ reason: String) -> StoreError { .corruptRow(table: "alert", key: "id \(id)", reason: reason) }
        let rawState: String = try r.value("state")
        guard let state = AlertState(rawValue: rawState) else { throw corrupt("unknown state '\(rawState)'") }
        guard let attack = StringListJSON.decode(try r.value("attack")) else { throw corrupt("attack is not a JSON array of strings") }
        guard let sources = StringListJSON.decode(try r.value("sources")) else { throw corrupt("sources is not a JSON array of strings") }
        let draft = AlertDraft(
            key: try r.value("key"), ruleID: try r.value("rule_id"), title: try r.value("title"), severity: try r.value("severity"),
            riskScore: try r.value("risk_score"), attack: attack, firstSeen: try r.value("first_seen"), lastSeen: try r.value("last_seen"),
            count: try r.value("event_count"), entities: try r.value("entities"), evidence: try r.value("evidence"),
            summary: try r.value("summary"), sources: sources)
        return AlertRecord(
            id: id, draft: draft, state: state, stateChangedBy: try r.value("state_changed_by"), stateChangedAt: try r.value("state_changed_at"),
            note: try r.value("note"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"),
            occurrences: try r.value("occurrences"))
    }
}
