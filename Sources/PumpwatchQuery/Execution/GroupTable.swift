import PumpwatchCore

/// The group keys of an aggregate, stored flat, with an open-addressing index from key to group.
///
/// Groups are numbered 0, 1, 2, ... in order of insertion. Their keys live in one array, `width`
/// values per group, next to each key's hash; the index is a power-of-two array of `Int32` group
/// numbers (plus one, 0 marking an empty bucket) probed linearly and kept at most three quarters
/// full. Per group that is `width` values, one hash and under three buckets: no separate
/// allocation per key.
///
/// Keys hash with `GroupKeyHash.byteHash` until one holds text outside ASCII; from then on the
/// table rehashes every key with `GroupKeyHash.standardHash`. Equality compares the values.
struct GroupTable {
    /// The number of values in a key.
    let width: Int
    /// The keys, group after group.
    private(set) var keys: [Value] = []
    /// Each group's key hash, in this table's hashing.
    private(set) var hashes: [Int] = []
    /// True while every key is hashed from its bytes.
    private(set) var byteHashing = true
    private(set) var count = 0
    private var buckets: [Int32] = []
    private var shift = 64

    init(width: Int) {
        self.width = width
    }

    /// The values of group `group`'s key.
    @inline(__always)
    func key(_ group: Int) -> ArraySlice<Value> {
        keys[(group * width)..<((group + 1) * width)]
    }

    /// The hash of `key` in this table's hashing; the first key holding text outside ASCII
    /// switches the table, and every key in it, to standard hashing.
    @inline(__always)
    mutating func hash<Key: Collection<Value>>(_ key: Key) -> Int {
        if byteHashing {
            if let h = GroupKeyHash.byteHash(key) { return h }
            byteHashing = false
            for g in 0..<count { hashes[g] = GroupKeyHash.standardHash(self.key(g)) }
            rebuildIndex(capacity: buckets.count)
        }
        return GroupKeyHash.standardHash(key)
    }

    /// The group of `key` (hashed by `hash(_:)`), or nil when it has none.
    @inline(__always)
    func find<Key: Collection<Value>>(_ key: Key, hash: Int) -> Int? {
        probe(hash) { matches($0, key) }
    }

    /// The group with hash `hash` for which `matches` holds, probing from the hash's bucket.
    @inline(__always)
    private func probe(_ hash: Int, _ matches: (Int) -> Bool) -> Int? {
        if buckets.isEmpty { return nil }
        let mask = buckets.count - 1
        var b = bucket(hash)
        while true {
            let entry = Int(buckets[b])
            if entry == 0 { return nil }
            let g = entry - 1
            if hashes[g] == hash && matches(g) { return g }
            b = (b + 1) & mask
        }
    }

    /// The group whose key is given by its bytes `texts` (`.date` keys where `dates` has their
    /// bit, `.string` keys of those UTF-8 bytes elsewhere), hashed by `GroupKeyHash.textHash`; nil
    /// when it has none. Only for a table still hashing bytes: its texts are then plain ASCII,
    /// whose strings are equal exactly when their bytes are.
    @inline(__always)
    func find(texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0, hash: Int) -> Int? {
        probe(hash) { matches($0, texts: texts, dates: dates) }
    }

    @inline(__always)
    private func matches(_ group: Int, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64) -> Bool {
        var i = group * width
        for (k, t) in texts.enumerated() {
            if GroupKeyHash.isDate(k, dates) {
                guard case .date(let ms) = keys[i], ms == GroupKeyHash.dateMillis(t) else { return false }
                i += 1
                continue
            }
            guard case .string(let s) = keys[i] else { return false }
            var text = s
            let equal = text.withUTF8 { stored in
                stored.count == t.count && (t.count == 0 || TextSearch.equal(stored.baseAddress!, t.baseAddress!, count: t.count))
            }
            if !equal { return false }
            i += 1
        }
        return true
    }

    /// The group of `key` without changing the table's hashing (safe to call from any thread on a
    /// table nobody changes); nil when it has none.
    func group<Key: Collection<Value>>(of key: Key) -> Int? {
        if !byteHashing { return find(key, hash: GroupKeyHash.standardHash(key)) }
        if let h = GroupKeyHash.byteHash(key) { return find(key, hash: h) }
        // Text outside ASCII can still equal ASCII text (a Kelvin sign is a K): compare every key.
        for g in 0..<count where matches(g, key) { return g }
        return nil
    }

    /// Adds a group for `key`, which must not be in the table; returns its number.
    @discardableResult
    mutating func insert<Key: Collection<Value>>(_ key: Key, hash: Int) -> Int {
        if (count + 1) * 4 > buckets.count * 3 { rebuildIndex(capacity: Swift.max(16, buckets.count * 2)) }
        let g = count
        keys.append(contentsOf: key)
        hashes.append(hash)
        count += 1
        place(g)
        return g
    }

    /// Removes the groups for which `remove` holds, renumbering the rest in order; returns how many went.
    mutating func removeGroups(where remove: (Int) -> Bool) -> Int {
        var kept = 0
        for g in 0..<count where !remove(g) {
            if kept != g {
                for i in 0..<width { keys[kept * width + i] = keys[g * width + i] }
                hashes[kept] = hashes[g]
            }
            kept += 1
        }
        let removed = count - kept
        guard removed > 0 else { return 0 }
        count = kept
        keys.removeSubrange((kept * width)...)
        hashes.removeSubrange(kept...)
        if count * 4 < hashes.capacity {
            keys = GroupTable.fitted(keys)
            hashes = GroupTable.fitted(hashes)
        }
        var capacity = 16
        while capacity * 3 < count * 4 { capacity *= 2 }
        rebuildIndex(capacity: count == 0 ? 0 : capacity)
        return removed
    }

    /// Drops the index, keeping the keys in order: for a table that will only be read in order.
    mutating func dropIndex() {
        buckets = []
        shift = 64
    }

    /// `array` in storage of its own size, giving back what a larger buffer held.
    static func fitted<Element>(_ array: [Element]) -> [Element] {
        var copy: [Element] = []
        copy.reserveCapacity(array.count)
        copy.append(contentsOf: array)
        return copy
    }

    @inline(__always)
    private func matches<Key: Collection<Value>>(_ group: Int, _ key: Key) -> Bool {
        var i = group * width
        for v in key {
            if keys[i] != v { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    private func bucket(_ hash: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(hash)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    @inline(__always)
    private mutating func place(_ group: Int) {
        let mask = buckets.count - 1
        var b = bucket(hashes[group])
        while buckets[b] != 0 { b = (b + 1) & mask }
        buckets[b] = Int32(group + 1)
    }

    private mutating func rebuildIndex(capacity: Int) {
        guard capacity > 0 else {
            dropIndex()
            return
        }
        buckets = []
        buckets = Array(repeating: 0, count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        for g in 0..<count { place(g) }
    }
}
