import Logging
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// Journal retention: old entries go once the rules have read them, in chunks.
final class JournalRetentionServiceTests: XCTestCase {
    private let day: Int64 = 86_400_000
    private let t0: Int64 = 1_795_000_000_000

    private func entry(_ n: Int, at t: Int64) -> JournalEntry {
        JournalEntry(format: "cloudtrail", eventID: "id-\(n)", receivedAt: t, body: Array("{\"eventID\":\"id-\(n)\"}".utf8))
    }

    func testDeletesEntriesPastTheRetentionThatTheRulesHaveRead() async throws {
        let store = try SQLiteStore.inMemory()
        // 25 entries a day old, then 5 from today.
        _ = try await store.appendToJournal((0..<25).map { entry($0, at: t0 - day - 1000) })
        let recent = try await store.appendToJournal((25..<30).map { entry($0, at: t0) })
        let all = try await store.journal(after: 0, limit: 100).compactMap(\.sequence)
        let consumed = LockedSequence(all[9])
        let service = JournalRetentionService(
            store: store, retention: day, chunk: 4, logger: Logger(label: "test"), now: { [t0] in t0 }, consumed: { consumed.value })

        // The rules have read ten entries: only those go, four at a time.
        expectEqual(await service.prune(), 10)
        expectEqual(try await store.journal(after: 0, limit: 100).first?.sequence, all[10])
        // They read everything: the old ones go, today's stay.
        consumed.value = recent.lastSequence
        expectEqual(await service.prune(), 15)
        expectEqual(try await store.journal(after: 0, limit: 100).compactMap(\.sequence), Array(all[25...]))
        expectEqual(await service.prune(), 0)

        // With detection off, age alone decides.
        let unread = JournalRetentionService(
            store: store, retention: day, logger: Logger(label: "test"), now: { [t0, day] in t0 + 2 * day }, consumed: { nil })
        expectEqual(await unread.prune(), 5)
        expectEqual(try await store.journalCount(), 0)
    }

    func testTheRetentionMustCoverReplayAndTheDedupWindow() throws {
        let tokens = "server:\n  tokens: [{name: ops, sha256: \(String(repeating: "a", count: 64))}]\n"
        let ok = try ServerConfiguration.parse(tokens + "ingest:\n  journal_retention: 30d\n")
        XCTAssertEqual(ok.ingest.journalRetention, 30 * day)
        XCTAssertEqual(try ServerConfiguration.parse(tokens).ingest.journalRetention, 7 * day)
        XCTAssertThrowsError(try ServerConfiguration.parse(tokens + "ingest:\n  journal_retention: 1d\n")) { error in
            let e = error as? ConfigurationError
            XCTAssertEqual(e?.key, "ingest.journal_retention")
            XCTAssertTrue(e?.reason.contains("detection.replay") ?? false, "\(String(describing: e))")
        }
        XCTAssertThrowsError(
            try ServerConfiguration.parse(tokens + "ingest:\n  journal_retention: 1h\n  dedup: {window: 2h}\ndetection:\n  enabled: false\n")
        ) { error in
            XCTAssertTrue((error as? ConfigurationError)?.reason.contains("ingest.dedup.window") ?? false)
        }
        XCTAssertNoThrow(try ServerConfiguration.parse(tokens + "ingest:\n  journal_retention: 1d\ndetection:\n  replay: 12h\n"))
    }
}

private final class LockedSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Int64?
    init(_ v: Int64?) { stored = v }
    var value: Int64? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// `XCTAssertEqual` for values computed with `await`.
private func expectEqual<T: Equatable>(_ actual: T, _ expected: T, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual, expected, file: file, line: line)
}
