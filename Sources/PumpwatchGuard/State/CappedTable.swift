/// A map from 64-bit keys to records with a hard size bound.
///
/// It never holds more than `capacity` records: a capped two-generation LRU.
///
/// New and recently used records live in the young generation. When it reaches half the
/// capacity it becomes the old generation, and the previous old generation (records not touched
/// for a whole generation) is dropped at once. A record found in the old generation moves back
/// to the young one. This evicts in approximately least-recently-used order at the cost of one
/// extra lookup on a miss, with no linked list and no per-record pointers.
struct CappedTable<Record: PackedRecord>: Sendable {
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

    private mutating func insertYoung(_ key: UInt64, _ record: Record) {
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

    /// Changes the bound.
    ///
    /// When it shrinks, the old generation goes first; a generation still over half the new bound
    /// keeps an arbitrary half-bound of its records (within a generation no record is known to be
    /// more recent than another).
    mutating func resize(capacity newCapacity: Int) {
        capacity = max(2, newCapacity)
        let half = capacity / 2
        if count > capacity {
            evicted += old.count
            old = [:]
        }
        if young.count > half {
            swap(&old, &young)
            young = [:]
        }
        if old.count > half {
            var kept: [UInt64: Record] = [:]
            kept.reserveCapacity(half)
            for (k, v) in old.prefix(half) { kept[k] = v }
            evicted += old.count - kept.count
            old = kept
        }
    }

    // MARK: - Saving

    /// The records packed old generation first, each as its key then its bytes.
    func packed() -> [UInt8] {
        var w = PackedWriter(reserving: 16 + count * 64)
        w.put(UInt64(count))
        for (k, v) in old {
            w.put(k)
            v.pack(into: &w)
        }
        for (k, v) in young {
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
            insertYoung(key, record)
        }
        guard r.isAtEnd else { throw GuardStateError(part: part, reason: "\(r.remaining) unexpected bytes after \(n) records") }
    }
}
