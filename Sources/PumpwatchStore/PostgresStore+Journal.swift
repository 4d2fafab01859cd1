import NIOCore
import PostgresNIO

extension PostgresStore {
    /// Appends under a transaction-scoped advisory lock, so sequence numbers become visible in
    /// ascending order: a reader paging with `journal(after:)` never skips an entry committed late.
    public func appendToJournal(_ entries: [JournalEntry]) async throws -> JournalAppend {
        guard !entries.isEmpty else { return JournalAppend(accepted: 0, duplicates: 0, lastSequence: nil) }
        return try await transaction("append \(entries.count) entries to the journal") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.journalLock))", logger: logger)
            var accepted = 0
            var lastSequence: Int64?
            for start in stride(from: 0, to: entries.count, by: PostgresStore.rowsPerInsert) {
                var s = PostgresStatement("INSERT INTO ingest_journal (format, event_id, received_at, body) VALUES ")
                for (i, e) in entries[start..<min(start + PostgresStore.rowsPerInsert, entries.count)].enumerated() {
                    let values = [s.bind(e.format), s.bind(e.eventID), s.bind(e.receivedAt), s.bind(ByteBuffer(bytes: e.body))]
                    s.append((i == 0 ? "(" : ", (") + values.joined(separator: ", ") + ")")
                }
                s.append(" ON CONFLICT (format, event_id) DO NOTHING RETURNING sequence")
                for row in try await rows(s, on: connection) {
                    let sequence = try row.decode(Int64.self)
                    accepted += 1
                    lastSequence = max(lastSequence ?? sequence, sequence)
                }
            }
            return JournalAppend(accepted: accepted, duplicates: entries.count - accepted, lastSequence: lastSequence)
        }
    }

    public func journal(after sequence: Int64, limit: Int) async throws -> [JournalEntry] {
        guard limit > 0 else { return [] }
        var s = PostgresStatement()
        s.append(
            """
            SELECT sequence, format, event_id, received_at, body FROM ingest_journal
            WHERE sequence > \(s.bind(sequence)) ORDER BY sequence LIMIT \(s.bind(limit))
            """)
        return try await perform("read the journal after \(sequence)") {
            try await rows(s).map { row in
                let r = row.makeRandomAccess()
                let body: ByteBuffer = try r.value("body")
                var entry = JournalEntry(
                    format: try r.value("format"), eventID: try r.value("event_id"), receivedAt: try r.value("received_at"),
                    body: Array(body.readableBytesView))
                entry.sequence = try r.value("sequence")
                return entry
            }
        }
    }

    public func pruneJournal(receivedBefore millis: Int64, upTo sequence: Int64, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        var s = PostgresStatement()
        let before = s.bind(millis)
        s.append(
            """
            WITH bounds AS (
                SELECT least(\(s.bind(sequence)), (SELECT min(sequence) FROM ingest_journal) + \(s.bind(Int64(limit))) - 1,
                    coalesce((SELECT sequence FROM ingest_journal WHERE received_at >= \(before) ORDER BY sequence LIMIT 1) - 1, \(s.bind(Int64.max)))) AS bound
            ), gone AS (
                DELETE FROM ingest_journal WHERE sequence <= (SELECT bound FROM bounds) RETURNING 1
            )
            SELECT count(*) FROM gone
            """)
        return try await perform("prune the journal before \(millis)") {
            try await rows(s).first?.decode(Int.self) ?? 0
        }
    }

    public func journalCount() async throws -> Int {
        try await perform("count the journal") {
            try await client.query("SELECT count(*) FROM ingest_journal", logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }
}
