import Foundation
import GRDB

extension SQLiteStore {
    public func appendToJournal(_ entries: [JournalEntry]) async throws -> JournalAppend {
        guard !entries.isEmpty else { return JournalAppend(accepted: 0, duplicates: 0, lastSequence: nil) }
        return try await writer.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO ingest_journal (format, event_id, received_at, body) VALUES (?, ?, ?, ?)
                    ON CONFLICT (format, event_id) DO NOTHING
                    """)
            var accepted = 0
            var lastSequence: Int64?
            for e in entries {
                try statement.execute(arguments: [e.format, e.eventID, e.receivedAt, Data(e.body)])
                if db.changesCount == 1 {
                    accepted += 1
                    lastSequence = db.lastInsertedRowID
                }
            }
            return JournalAppend(accepted: accepted, duplicates: entries.count - accepted, lastSequence: lastSequence)
        }
    }

    public func journal(after sequence: Int64, limit: Int) async throws -> [JournalEntry] {
        guard limit > 0 else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, format, event_id, received_at, body FROM ingest_journal WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [sequence, limit]
            ).map { row in
                let body: Data = row["body"]
                var entry = JournalEntry(format: row["format"], eventID: row["event_id"], receivedAt: row["received_at"], body: [UInt8](body))
                entry.sequence = row["sequence"]
                return entry
            }
        }
    }

    public func journalCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM ingest_journal") ?? 0 }
    }
}
