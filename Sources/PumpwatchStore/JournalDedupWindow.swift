import Foundation

/// The (format, eventID) keys the SQLite journal took recently, in memory: its duplicate check.
///
/// Senders retry within minutes (Firehose for at most two hours, Twilio within minutes), so a
/// record is checked against the keys journaled within `window` of the newest one, as a FIFO
/// queue's deduplication interval works. An index on the journal would check against every key
/// ever stored, but with random ids (CloudTrail's `eventID` is a UUID) each insert then dirties
/// a page of its own, which cut ingest several times over.
///
/// Keys are kept as 64-bit fingerprints from a per-process seeded hash (the set is rebuilt from
/// the journal at open), in generations of at most `maxKeys / 4` keys: when the current one is
/// full, or older than a quarter of the window, a new one starts, and generations whose newest key
/// is older than the window, or beyond the fourth, are dropped. Memory therefore stays bounded
/// (about 12 bytes a key) whatever the rate, and the keys covered are at least the last
/// `3/4 × maxKeys` and everything within `window`, whichever is fewer.
public final class JournalDedupWindow: @unchecked Sendable {
    /// How far back, and over how many keys, duplicates are found.
    public struct Settings: Sendable, Equatable {
        /// Milliseconds: a record whose key was journaled this long before the newest one is checked.
        public var window: Int64
        /// The most keys held.
        public var maxKeys: Int

        public init(window: Int64 = 2 * 3_600_000, maxKeys: Int = 4_000_000) {
            self.window = max(0, window)
            self.maxKeys = max(4, maxKeys)
        }
    }

    private struct Generation {
        var keys = Set<UInt64>()
        var oldest: Int64
        var newest: Int64
    }

    public let settings: Settings
    private let lock = NSLock()
    private var generations: [Generation] = []
    private var loaded = false
    static let generationCount = 4

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The fingerprint of one key.
    static func fingerprint(format: String, eventID: String) -> UInt64 {
        var h = Hasher()
        h.combine(format)
        h.combine(eventID)
        return UInt64(bitPattern: Int64(h.finalize()))
    }

    /// Runs `body` with the window held; `load` fills an empty window first (once).
    func withLock<T>(load: (inout Loader) throws -> Void, _ body: (inout Session) throws -> T) rethrows -> T {
        try lock.withLock {
            if !loaded {
                var loader = Loader(owner: self)
                try load(&loader)
                loader.finish()
                loaded = true
            }
            var session = Session(owner: self)
            do {
                return try body(&session)
            } catch {
                forget(session.added)
                throw error
            }
        }
    }

    /// Forgets the keys added in a session whose transaction did not commit.
    func remove(_ keys: [UInt64]) {
        lock.withLock { forget(keys) }
    }

    /// Drops `keys` from every generation; the lock is held.
    private func forget(_ keys: [UInt64]) {
        for k in keys {
            for g in generations.indices { generations[g].keys.remove(k) }
        }
    }

    /// Keys held now.
    public var count: Int {
        lock.withLock { generations.reduce(0) { $0 + $1.keys.count } }
    }

    /// The time of the oldest key still held, if any.
    public var oldestCovered: Int64? {
        lock.withLock { generations.first?.oldest }
    }

    private func contains(_ key: UInt64) -> Bool {
        var i = generations.count - 1
        while i >= 0 {
            if generations[i].keys.contains(key) { return true }
            i -= 1
        }
        return false
    }

    private func add(_ key: UInt64, at millis: Int64) {
        let perGeneration = settings.maxKeys / Self.generationCount
        let last = generations.count - 1
        // Through the index, never a copy: a copy of the generation would make the insert copy its set.
        if last >= 0, generations[last].keys.count < perGeneration, millis - generations[last].oldest < max(1, settings.window / 4) {
            generations[last].keys.insert(key)
            if millis > generations[last].newest { generations[last].newest = millis }
        } else {
            var g = Generation(oldest: millis, newest: millis)
            g.keys.reserveCapacity(min(perGeneration, 1 << 16))
            g.keys.insert(key)
            generations.append(g)
        }
        let newest = generations[generations.count - 1].newest
        while generations.count > Self.generationCount || (generations.count > 1 && newest - generations[0].newest > settings.window) {
            generations.removeFirst()
        }
    }

    /// Checks and records keys for one append, with the window's lock held.
    struct Session {
        fileprivate let owner: JournalDedupWindow
        /// Keys this session added, removed again if the append fails.
        private(set) var added: [UInt64] = []

        fileprivate init(owner: JournalDedupWindow) { self.owner = owner }

        /// True, and the key is recorded, when (format, eventID) is not held yet.
        mutating func admit(format: String, eventID: String, at millis: Int64) -> Bool {
            let key = JournalDedupWindow.fingerprint(format: format, eventID: eventID)
            if owner.contains(key) { return false }
            owner.add(key, at: millis)
            added.append(key)
            return true
        }
    }

    /// Fills an empty window from stored keys, newest first.
    struct Loader {
        fileprivate let owner: JournalDedupWindow
        private var keys: [(UInt64, Int64)] = []
        private var newest: Int64?

        fileprivate init(owner: JournalDedupWindow) { self.owner = owner }

        /// The most keys worth reading.
        var limit: Int { owner.settings.maxKeys }

        /// Takes one stored key, newest first; false once older keys no longer count.
        mutating func take(format: String, eventID: String, at millis: Int64) -> Bool {
            if newest == nil { newest = millis }
            if let newest, newest - millis > owner.settings.window { return false }
            keys.append((JournalDedupWindow.fingerprint(format: format, eventID: eventID), millis))
            return keys.count < limit
        }

        fileprivate func finish() {
            for (k, t) in keys.reversed() { owner.add(k, at: t) }
        }
    }
}
