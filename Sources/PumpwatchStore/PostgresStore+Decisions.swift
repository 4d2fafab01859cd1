import Foundation
import NIOCore
import PostgresNIO
import PumpwatchGuard

extension PostgresStore {
    /// Rows per multi-row INSERT: well under PostgreSQL's 65535 parameters per statement.
    static let rowsPerInsert = 1000

    public func recordDecisions(_ decisions: [GuardDecisionRecord]) async throws {
        guard !decisions.isEmpty else { return }
        try await transaction("record \(decisions.count) decisions") { connection in
            for start in stride(from: 0, to: decisions.count, by: PostgresStore.rowsPerInsert) {
                var s = PostgresStatement(
                    """
                    INSERT INTO guard_decision ("time", request_id, destination, ip, user_id, session, purpose, channel,
                        decision, policy_decision, risk_score, country, calling_code, mode, reasons) VALUES
                    """)
                for (i, d) in decisions[start..<min(start + PostgresStore.rowsPerInsert, decisions.count)].enumerated() {
                    let values = [
                        s.bind(d.time), s.bind(d.id), s.bind(d.to), s.bind(d.ip), s.bind(d.user), s.bind(d.session), s.bind(d.purpose),
                        s.bind(d.channel), s.bind(d.decision.rawValue), s.bind(d.policyDecision.rawValue), s.bind(d.riskScore),
                        s.bind(d.country), s.bind(d.callingCode), s.bind(d.mode.rawValue), s.bind(ReasonsJSON.encode(d.reasons)),
                    ]
                    s.append((i == 0 ? "(" : ", (") + values.joined(separator: ", ") + ")")
                }
                _ = try await rows(s, on: connection)
            }
        }
    }

    public func decisions(matching filter: DecisionFilter) async throws -> [GuardDecisionRecord] {
        var s = PostgresStatement()
        var conditions: [String] = []
        if let v = filter.since { conditions.append("\"time\" >= \(s.bind(v))") }
        if let v = filter.until { conditions.append("\"time\" < \(s.bind(v))") }
        if let v = filter.decision { conditions.append("decision = \(s.bind(v.rawValue))") }
        if let v = filter.policyDecision { conditions.append("policy_decision = \(s.bind(v.rawValue))") }
        if let v = filter.country { conditions.append("country = \(s.bind(v))") }
        if let v = filter.to { conditions.append("destination = \(s.bind(v))") }
        if let v = filter.before { conditions.append("seq < \(s.bind(v))") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        s.append(
            """
            SELECT seq, "time", request_id, destination, ip, user_id, session, purpose, channel, decision, policy_decision, risk_score,
                country, calling_code, mode, reasons
            FROM guard_decision \(whereClause) ORDER BY seq DESC LIMIT \(filter.limit)
            """)
        return try await perform("list decisions") {
            try await rows(s).map { row in
                let r = row.makeRandomAccess()
                return GuardDecisionRecord(
                    seq: try r.value("seq"), time: try r.value("time"), id: try r.value("request_id"), to: try r.value("destination"),
                    ip: try r.value("ip"), user: try r.value("user_id"), session: try r.value("session"), purpose: try r.value("purpose"),
                    channel: try r.value("channel"), decision: Verdict(rawValue: try r.value("decision")) ?? .allow,
                    policyDecision: Verdict(rawValue: try r.value("policy_decision")) ?? .allow, riskScore: try r.value("risk_score"),
                    country: try r.value("country"), callingCode: try r.value("calling_code"),
                    mode: GuardMode(rawValue: try r.value("mode")) ?? .enforce, reasons: ReasonsJSON.decode(try r.value("reasons")))
            }
        }
    }

    @discardableResult
    public func pruneDecisions(before millis: Int64) async throws -> Int {
        var s = PostgresStatement()
        s.append("WITH gone AS (DELETE FROM guard_decision WHERE \"time\" < \(s.bind(millis)) RETURNING 1) SELECT count(*) FROM gone")
        return try await perform("prune decisions before \(millis)") {
            try await rows(s).first?.decode(Int.self) ?? 0
        }
    }

    // MARK: - Checkpoints

    public func saveCheckpoint(_ checkpoint: StateCheckpoint) async throws {
        var s = PostgresStatement()
        s.append(
            """
            INSERT INTO state_checkpoint (name, saved_at, state) VALUES (\(s.bind(checkpoint.name)), \(s.bind(checkpoint.savedAt)), \
            \(s.bind(ByteBuffer(bytes: checkpoint.state))))
            ON CONFLICT (name) DO UPDATE SET saved_at = EXCLUDED.saved_at, state = EXCLUDED.state
            """)
        try await perform("save checkpoint \(checkpoint.name)") { _ = try await rows(s) }
    }

    public func checkpoint(named name: String) async throws -> StateCheckpoint? {
        var s = PostgresStatement()
        s.append("SELECT name, saved_at, state FROM state_checkpoint WHERE name = \(s.bind(name))")
        return try await perform("read checkpoint \(name)") {
            guard let row = try await rows(s).first else { return nil }
            let r = row.makeRandomAccess()
            let state: ByteBuffer = try r.value("state")
            return StateCheckpoint(name: try r.value("name"), savedAt: try r.value("saved_at"), state: Data(state.readableBytesView))
        }
    }
}

extension PostgresRandomAccessRow {
    /// The value of column `name`, decoded as `T` (an optional `T` for a nullable column).
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self, file: String = #fileID, line: Int = #line) throws -> T {
        try self[name].decode(T.self, file: file, line: line)
    }
}
