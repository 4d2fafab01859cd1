import Foundation
import GRDB

extension SQLiteStore {
    public func appendToJournal(_ entries: [JournalEntry]) async throws -> JournalAppend {
        guard !entries.isEmpty else { return JournalAppend(accepted: 0, duplicates: 0, lastSequence: nil) }
        let dedup = self.dedup
        let pending = PendingKeys()
        defer { checkpointer?.committed() }
        do {
            return try await writer.write { db in
                try dedup.withLock(load: { loader in try Self.loadKeys(db, into: &loader) }) { session in
                    var admitted: [JournalEntry] = []
                    admitted.reserveCapacity(entries.count)
                    for e in entries where session.admit(format: e.format, eventID: e.eventID, at: e.receivedAt) {
                        admitted.append(e)
                    }
                    var lastSequence: Int64?
                    var start = 0
                    // Several rows per statement: one step and one set of bindings per chunk, not per row.
                    while start < admitted.count {
                        let count = min(Self.journalRowsPerStatement, admitted.count - start)
                        let statement = try db.cachedStatement(sql: Self.journalInsertSQL(rows: count))
                        var values: [(any DatabaseValueConvertible)?] = []
                        values.reserveCapacity(4 * count)
                        for e in admitted[start..<(start + count)] {
                            values.append(e.format)
                            values.append(e.eventID)
                            values.append(e.receivedAt)
                            values.append(e.body.withUnsafeBytes { Data($0) })
                        }
                        try statement.execute(arguments: StatementArguments(values))
                        // Rows go in in order, so the last one has the highest sequence.
                        lastSequence = db.lastInsertedRowID
                        start += count
                    }
                    pending.keys = session.added
                    return JournalAppend(accepted: admitted.count, duplicates: entries.count - admitted.count, lastSequence: lastSequence)
                }
            }
        } catch {
            // The transaction did not commit: its keys are not journaled.
            dedup.remove(pending.keys)
            throw error
        }
    }

    /// Reads the journal's keys into an empty dedup window, newest first.
    static func loadKeys(_ db: Database, into loader: inout JournalDedupWindow.Loader) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT format, event_id, received_at FROM ingest_journal ORDER BY sequence DESC LIMIT ?", arguments: [loader.limit])
        while let row = try rows.next() {
            if !loader.take(format: row[0], eventID: row[1], at: row[2]) { break }
        }
    }

    /// Rows per journal `INSERT` (4 bindings each, well under SQLite's limit of 32,766).
    static var journalRowsPerStatement: Int { 100 }

    /// The journal `INSERT` of `rows` rows.
    static func journalInsertSQL(rows: Int) -> String {
        let tuples = Array(repeating: "(?, ?, ?, ?)", count: rows).joined(separator: ", ")
        return "INSERT INTO ingest_journal (format, event_id, received_at, body) VALUES \(tuples)"
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

    public func pruneJournal(receivedBefore millis: Int64, upTo sequence: Int64, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await writer.write { db in
            guard let oldest = try Int64.fetchOne(db, sql: "SELECT min(sequence) FROM ingest_journal") else { return 0 }
            // Read in sequence order, stopping at the first entry too recent to go.
            let recent = try Int64.fetchOne(
                db, sql: "SELECT sequence FROM ingest_journal WHERE received_at >= ? ORDER BY sequence LIMIT 1", arguments: [millis])
            var bound = min(sequence, oldest + Int64(limit) - 1)
            if let recent { bound = min(bound, recent - 1) }
            guard bound >= oldest else { return 0 }
            try db.execute(sql: "DELETE FROM ingest_journal WHERE sequence <= ?", arguments: [bound])
            return db.changesCount
        }
    }

    public func journalCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM ingest_journal") ?? 0 }
    }
}

/// The keys an append admitted, so that they are forgotten when its transaction fails to commit.
private final class PendingKeys: @unchecked Sendable {
    var keys: [UInt64] = []
}
