/// Every table of guard state, each bounded by the policy's `StateLimits`.
///
/// Per-entity tables are capped two-generation LRUs (`CappedTable`): numbers, addresses, users,
/// sessions, number blocks, prefixes and pending codes. Distinct counts inside records are
/// linear-counting bitmaps (512 bits per address window, 128 bits per user, session and block
/// window) and exact sets of up to eight countries. Countries are a fixed array, one record per
/// possible country key. At the default limits the tables' worst case is about 230 MB.
struct StateTables: Sendable {
    var numbers: CappedTable<NumberRecord>
    var addresses: CappedTable<IPRecord>
    var users: CappedTable<IdentityRecord>
    var sessions: CappedTable<IdentityRecord>
    var blocks: CappedTable<BlockRecord>
    var prefixes: CappedTable<ConversionRecord>
    var pending: CappedTable<PendingSend>
    var countries: [ConversionRecord]

    init(limits: StateLimits) {
        numbers = CappedTable(capacity: limits.numbers)
        addresses = CappedTable(capacity: limits.addresses)
        users = CappedTable(capacity: limits.users)
        sessions = CappedTable(capacity: limits.sessions)
        blocks = CappedTable(capacity: limits.blocks)
        prefixes = CappedTable(capacity: limits.prefixes)
        pending = CappedTable(capacity: limits.pending)
        countries = Array(repeating: ConversionRecord(), count: CountryKey.count)
    }

    mutating func resize(_ limits: StateLimits) {
        numbers.resize(capacity: limits.numbers)
        addresses.resize(capacity: limits.addresses)
        users.resize(capacity: limits.users)
        sessions.resize(capacity: limits.sessions)
        blocks.resize(capacity: limits.blocks)
        prefixes.resize(capacity: limits.prefixes)
        pending.resize(capacity: limits.pending)
    }

    /// Records held per table.
    var sizes: [String: Int] {
        [
            "numbers": numbers.count, "addresses": addresses.count, "users": users.count, "sessions": sessions.count,
            "blocks": blocks.count, "prefixes": prefixes.count, "pending": pending.count,
        ]
    }

    /// Records dropped per table to keep the bound.
    var evictions: [String: Int] {
        [
            "numbers": numbers.evicted, "addresses": addresses.evicted, "users": users.evicted, "sessions": sessions.evicted,
            "blocks": blocks.evicted, "prefixes": prefixes.evicted, "pending": pending.evicted,
        ]
    }

    /// The countries' records packed as (key, record) for those with any traffic.
    func packedCountries() -> [UInt8] {
        var w = PackedWriter()
        let used = countries.indices.filter { countries[$0] != ConversionRecord() }
        w.put(UInt64(used.count))
        for i in used {
            w.put(UInt16(i))
            countries[i].pack(into: &w)
        }
        return w.bytes
    }

    mutating func unpackCountries(_ bytes: [UInt8]) throws(GuardStateError) {
        var r = PackedReader(bytes, part: "countries")
        let n = try r.u64()
        guard n <= UInt64(CountryKey.count) else { throw GuardStateError(part: "countries", reason: "\(n) countries is more than there are") }
        for _ in 0..<Int(n) {
            let i = Int(try r.u16())
            guard i < CountryKey.count else { throw GuardStateError(part: "countries", reason: "country key \(i) out of range") }
            countries[i] = try ConversionRecord(unpacking: &r)
        }
        guard r.isAtEnd else { throw GuardStateError(part: "countries", reason: "\(r.remaining) unexpected bytes at the end") }
    }
}
