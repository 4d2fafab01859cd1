import Foundation

/// A snapshot of everything the guard has counted.
///
/// To checkpoint and restore across restarts (`Guard.snapshot()`, `Guard(restoring:)`). Codable;
/// the tables are packed fixed-size records (about 60–250 bytes each), so a full state encodes in a
/// fraction of a second.
public struct GuardState: Sendable, Codable, Equatable {
    /// The layout version; `Guard(restoring:)` refuses others.
    public var version: Int
    /// When the snapshot was taken, epoch milliseconds.
    public var savedAt: Int64
    /// The secret the table keys are hashed with; restoring keeps it so keys stay valid.
    public var hashSeed: UInt64
    /// How many request ids the guard has made.
    public var sequence: UInt64
    public var numbers: Data
    public var addresses: Data
    public var users: Data
    public var sessions: Data
    public var blocks: Data
    public var prefixes: Data
    public var pending: Data
    public var countries: Data
    public var stats: GuardStats

    public static let currentVersion = 1

    enum CodingKeys: String, CodingKey {
        case version
        case savedAt = "saved_at"
        case hashSeed = "hash_seed"
        case sequence, numbers, addresses, users, sessions, blocks, prefixes, pending, countries, stats
    }

    init(engine e: GuardEngine, at millis: Int64) {
        version = GuardState.currentVersion
        savedAt = millis
        hashSeed = e.hasher.seed
        sequence = e.sequence
        numbers = Data(e.tables.numbers.packed())
        addresses = Data(e.tables.addresses.packed())
        users = Data(e.tables.users.packed())
        sessions = Data(e.tables.sessions.packed())
        blocks = Data(e.tables.blocks.packed())
        prefixes = Data(e.tables.prefixes.packed())
        pending = Data(e.tables.pending.packed())
        countries = Data(e.tables.packedCountries())
        stats = e.stats.stats
    }

    /// The tables this state holds, sized by `limits`.
    func tables(limits: StateLimits) throws(GuardStateError) -> StateTables {
        guard version == GuardState.currentVersion else {
            throw GuardStateError(part: "version", reason: "state version \(version) is not supported (expected \(GuardState.currentVersion))")
        }
        var t = StateTables(limits: limits)
        t.numbers = try CappedTable(packed: [UInt8](numbers), capacity: limits.numbers, part: "numbers")
        t.addresses = try CappedTable(packed: [UInt8](addresses), capacity: limits.addresses, part: "addresses")
        t.users = try CappedTable(packed: [UInt8](users), capacity: limits.users, part: "users")
        t.sessions = try CappedTable(packed: [UInt8](sessions), capacity: limits.sessions, part: "sessions")
        t.blocks = try CappedTable(packed: [UInt8](blocks), capacity: limits.blocks, part: "blocks")
        t.prefixes = try CappedTable(packed: [UInt8](prefixes), capacity: limits.prefixes, part: "prefixes")
        t.pending = try CappedTable(packed: [UInt8](pending), capacity: limits.pending, part: "pending")
        try t.unpackCountries([UInt8](countries))
        return t
    }
}
