/// A map from 64-bit keys to records with a hard size bound, split into shards.
///
/// It never holds more than `capacity` records. Each shard is a capped two-generation LRU
/// (`CappedShard`) with an equal share of the capacity; a key's shard comes from its mixed bits,
/// so shards fill evenly whatever the keys. Large tables (64 Ki records and more) have 64
/// shards, smaller ones one. Sharding keeps a snapshot cheap for the callers that go on writing:
/// a snapshot shares the shards (copy-on-write), and the first write to a shard afterwards copies
/// only that shard, about 1/64 of the table, instead of the whole table at once.
struct CappedTable<Record: PackedRecord>: Sendable {
    private var shards: [CappedShard<Record>]
    /// The most records held at once.
    private(set) var capacity: Int
    private let shift: UInt64

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        let count = self.capacity >= 65_536 ? 64 : 1
        shift = count == 1 ? 64 : UInt64(64 - count.trailingZeroBitCount)
        shards = Array(repeating: CappedShard(capacity: max(2, self.capacity / count)), count: count)
    }

    @inline(__always)
    private func shard(_ key: UInt64) -> Int {
        shift >= 64 ? 0 : Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// Records dropped to keep the bound.
    var evicted: Int { shards.reduce(0) { $0 + $1.evicted } + resizeEvicted }
    private var resizeEvicted = 0

    /// The record for `key`, without marking it used.
    func peek(_ key: UInt64) -> Record? {
        shards[shard(key)].peek(key)
    }

    /// Runs `body` on the record for `key` (a new one from `make` when absent) and keeps the result.
    @inline(__always)
    mutating func update<R>(_ key: UInt64, default make: @autoclosure () -> Record, _ body: (inout Record) -> R) -> R {
        shards[shard(key)].update(key, default: make(), body)
    }

    /// Changes the record for `key` if there is one; false otherwise.
    @discardableResult
    mutating func modifyIfPresent(_ key: UInt64, _ body: (inout Record) -> Void) -> Bool {
        shards[shard(key)].modifyIfPresent(key, body)
    }

    mutating func remove(_ key: UInt64) {
        shards[shard(key)].remove(key)
    }

    /// Changes the bound.
    ///
    /// The records are put into a table of the new size oldest first, so when it shrinks the
    /// least recently used go.
    mutating func resize(capacity newCapacity: Int) {
        var table = CappedTable(capacity: newCapacity)
        let before = count
        forEachOldestFirst { table.insert($0, $1) }
        table.resizeEvicted = evicted + before - table.count - table.evicted
        self = table
    }

    private mutating func insert(_ key: UInt64, _ record: Record) {
        shards[shard(key)].insertYoung(key, record)
    }

    /// Every record, each shard's old generation before the young ones.
    private func forEachOldestFirst(_ body: (UInt64, Record) -> Void) {
        for s in shards { for (k, v) in s.old { body(k, v) } }
        for s in shards { for (k, v) in s.young { body(k, v) } }
    }

    // MARK: - Saving

    /// The records packed old generations first, each as its key then its bytes.
    func packed() -> [UInt8] {
        var w = PackedWriter(reserving: 16 + count * 64)
        w.put(UInt64(count))
        forEachOldestFirst { k, v in
            w.put(k)
            v.pack(into: &w)
        }
        return w.bytes
    }

    /// A table holding the packed records, oldest first, within `capacity`.
    init(packed bytes: [UInt8], capacity: Int, part: String) throws(GuardStateError) {
        self.init(capacity: capacity)
        var r = PackedReader(bytes, part: part)
        let n = try r.u64()
        guard n <= UInt64(Int32.max) else { throw GuardStateError(part: part, reason: "record count \(n) is not plausible") }
        for _ in 0..<Int(n) {
            let key = try r.u64()
            let record = try Record(unpacking: &r)
            insert(key, record)
        }
        guard r.isAtEnd else { throw GuardStateError(part: part, reason: "\(r.remaining) unexpected bytes after \(n) records") }
    }
}
