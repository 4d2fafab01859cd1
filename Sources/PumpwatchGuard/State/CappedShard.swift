/// One shard of a `CappedTable`: a map from 64-bit keys to records with a hard size bound.
///
/// It never holds more than `capacity` records: a capped two-generation LRU.
///
/// New and recently used records live in the young generation. When it reaches half the
/// capacity it becomes the old generation, and the previous old generation (records not touched
/// for a whole generation) is dropped at once. A record found in the old generation moves back
/// to the young one. This evicts in approximately least-recently-used order at the cost of one
/// extra lookup on a miss, with no linked list and no per-record pointers.
struct CappedShard<Record: PackedRecord>: Sendable {
    private(set) var young: [UInt64: Record] = [:]
    private(set) var old: [UInt64: Record] = [:]
    /// The most records held at once.
    private(set) var capacity: Int
    /// Records dropped to keep the bound.
    private(set) var evicted: Int = 0

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    var count: Int { young.count + old.count }

    /// The record for `key`, without marking it used.
    func peek(_ key: UInt64) -> Record? {
        young[key] ?? old[key]
    }

    /// Runs `body` on the record for `key` (a new one from `make` when absent) and keeps the result.
    @inline(__always)
    mutating func update<R>(_ key: UInt64, default make: @autoclosure () -> Record, _ body: (inout Record) -> R) -> R {
        if let i = young.index(forKey: key) {
            return body(&young.values[i])
        }
        var record = old.removeValue(forKey: key) ?? make()
        let result = body(&record)
        insertYoung(key, record)
        return result
    }

    /// Changes the record for `key` if there is one; false otherwise.
    @discardableResult
    mutating func modifyIfPresent(_ key: UInt64, _ body: (inout Record) -> Void) -> Bool {
        if let i = young.index(forKey: key) {
            body(&young.values[i])
            return true
        }
        if let i = old.index(forKey: key) {
            body(&old.values[i])
            return true
        }
        return false
    }

    mutating func remove(_ key: UInt64) {
        if young.removeValue(forKey: key) == nil { old.removeValue(forKey: key) }
    }

    mutating func insertYoung(_ key: UInt64, _ record: Record) {
        if young.count >= capacity / 2 { rotate() }
        young[key] = record
    }

    /// Makes the young generation the old one.
    ///
    /// The new young generation is allocated at its full size at once, so it never pauses to grow
    /// again.
    private mutating func rotate() {
        evicted += old.count
        old = [:]
        swap(&old, &young)
        young.reserveCapacity(capacity / 2)
    }
}
