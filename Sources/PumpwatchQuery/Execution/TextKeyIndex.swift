import PumpwatchCore

/// An index from group keys given as plain ASCII texts to group numbers, in memory it manages
/// itself, so that a lookup touches no reference-counted storage.
///
/// It mirrors a `GroupTable` that hashes bytes (`GroupTable.byteHashing`): groups `0..<mirrored`
/// of the table have been offered to it (`sync`), and those whose key is all `.string` and `.date`
/// values are in it, found by the same hash (`GroupKeyHash.textHash`) and by byte equality, which
/// for ASCII text is string equality. A date is held as the 8 bytes of its milliseconds, marked as
/// a date, so it never equals text. Groups whose key holds anything else can never equal texts
/// and are left out. Appending groups to the table only needs a later `sync`; removing or renumbering
/// them needs `reset()`.
///
/// The key bytes are copied into the index, up to `maxKeyBytes` in all (2 MB unless told): past that the index stops
/// taking groups (`isComplete` turns false) and a lookup that misses must ask the table, so that
/// memory stays bounded by the table rather than doubled by it.
final class TextKeyIndex {
    /// The most key bytes (texts and their lengths) the index copies.
    let maxKeyBytes: Int

    /// The keys: per text, a 4-byte length and the text; per date, the length 8 with `dateMark`
    /// set, and its milliseconds.
    private var bytes: UnsafeMutablePointer<UInt8>
    /// Set in the length word of a date.
    private static let dateMark: UInt32 = 0x8000_0000
    private var byteCapacity = 0
    private var byteCount = 0
    /// The groups held.
    private var entryCount = 0
    /// Open addressing, a power of two long; each bucket holds a group's hash and where its key
    /// starts in `bytes`, so a lookup reads the bucket and the key bytes and nothing between.
    private struct Bucket {
        var hash: Int
        var offset: Int32
        /// The group plus one; 0: empty.
        var group: Int32
    }

    private var buckets: UnsafeMutablePointer<Bucket>
    private var bucketCount = 0
    /// The number of the table's groups offered to the index so far.
    private(set) var mirrored = 0
    /// False once a key did not fit: a miss then does not mean the table lacks the key.
    private(set) var isComplete = true

    init(maxKeyBytes: Int = 2 << 20) {
        precondition(maxKeyBytes <= Int(Int32.max), "key offsets are 32-bit")
        self.maxKeyBytes = maxKeyBytes
        bytes = .allocate(capacity: 1)
        buckets = .allocate(capacity: 1)
    }

    deinit {
        bytes.deallocate()
        buckets.deallocate()
    }

    /// Forgets every group, for a table whose groups were removed or replaced.
    func reset() {
        byteCount = 0
        entryCount = 0
        mirrored = 0
        isComplete = true
        if bucketCount > 0 { buckets.update(repeating: Bucket(hash: 0, offset: 0, group: 0), count: bucketCount) }
    }

    /// Offers the groups `table` added since the last call (`table` must hash bytes).
    func sync(_ table: GroupTable) {
        if mirrored > table.count { reset() }
        guard mirrored < table.count else { return }
        var texts: [UnsafeRawBufferPointer] = []
        while mirrored < table.count {
            let g = mirrored
            mirrored += 1
            var arrays: [[UInt8]] = []
            var dates: UInt64 = 0
            for (k, v) in table.key(g).enumerated() {
                switch v {
                case .string(let s):
                    arrays.append(Array(s.utf8))
                case .date(let ms) where k < 64:
                    dates |= UInt64(1) << UInt64(k)
                    arrays.append(withUnsafeBytes(of: ms) { Array($0) })
                default:
                    break
                }
                if arrays.count == k { break }
            }
            guard arrays.count == table.width else { continue }
            // Copied into contiguous arrays so the bytes stay put while they are inserted.
            texts.removeAll(keepingCapacity: true)
            withPointers(arrays, 0, &texts) { buffer in
                if let h = GroupKeyHash.textHash(buffer, dates: dates) { insert(buffer, dates: dates, hash: h, group: g) }
            }
        }
    }

    /// Calls `body` with the byte buffers of `arrays` from `index` on, after those in `texts`.
    private func withPointers(
        _ arrays: [[UInt8]], _ index: Int, _ texts: inout [UnsafeRawBufferPointer], _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Void
    ) {
        if index == arrays.count {
            texts.withUnsafeBufferPointer(body)
            return
        }
        arrays[index].withUnsafeBytes { b in
            texts.append(b)
            withPointers(arrays, index + 1, &texts, body)
        }
    }

    /// The group whose key is `texts` (dates where `dates` has their bit, hashed `hash` by
    /// `GroupKeyHash.textHash`), or nil when the index does not hold it.
    @inline(__always)
    func find(_ texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0, hash: Int) -> Int? {
        guard bucketCount > 0 else { return nil }
        let mask = bucketCount - 1
        var b = TextKeyIndex.bucket(hash, count: bucketCount)
        while true {
            let bucket = buckets[b]
            if bucket.group == 0 { return nil }
            if bucket.hash == hash && matches(Int(bucket.offset), texts, dates: dates) { return Int(bucket.group) - 1 }
            b = (b + 1) & mask
        }
    }

    /// Adds group `group` with key `texts` (dates where `dates` has their bit, hashed `hash`), not
    /// in the index; it is left out, and the index no longer complete, when its bytes do not fit.
    /// The caller has synced the index, and `group` is the table's newest group.
    func insert(_ texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0, hash: Int, group: Int) {
        if group >= mirrored { mirrored = group + 1 }
        var size = 0
        for t in texts { size += 4 + t.count }
        guard isComplete, byteCount + size <= maxKeyBytes, group < Int(Int32.max) else {
            isComplete = false
            return
        }
        if byteCount + size > byteCapacity {
            let capacity = Swift.min(maxKeyBytes, Swift.max(byteCapacity * 2, byteCount + size, 4096))
            bytes = TextKeyIndex.grow(bytes, count: byteCount, to: capacity)
            byteCapacity = capacity
        }
        if (entryCount + 1) * 4 > bucketCount * 3 { rebuild(Swift.max(128, bucketCount * 2)) }
        let offset = byteCount
        for (k, t) in texts.enumerated() {
            var length = TextKeyIndex.lengthWord(t, k, dates)
            withUnsafeBytes(of: &length) { (bytes + byteCount).update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 4) }
            byteCount += 4
            if t.count > 0 { (bytes + byteCount).update(from: t.baseAddress!.assumingMemoryBound(to: UInt8.self), count: t.count) }
            byteCount += t.count
        }
        place(Bucket(hash: hash, offset: Int32(offset), group: Int32(group + 1)), in: buckets, count: bucketCount)
        entryCount += 1
    }

    /// The length word of key `k`, `t`, in a key whose dates are the bits of `dates`.
    @inline(__always)
    private static func lengthWord(_ t: UnsafeRawBufferPointer, _ k: Int, _ dates: UInt64) -> UInt32 {
        UInt32(t.count) | (GroupKeyHash.isDate(k, dates) ? dateMark : 0)
    }

    @inline(__always)
    private func matches(_ offset: Int, _ texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64) -> Bool {
        var at = offset
        for (k, t) in texts.enumerated() {
            let word = UnsafeRawPointer(bytes + at).loadUnaligned(as: UInt32.self)
            at += 4
            guard word == TextKeyIndex.lengthWord(t, k, dates) else { return false }
            let length = t.count
            if length > 0 && !TextSearch.equal(UnsafeRawPointer(bytes + at), t.baseAddress!, count: length) { return false }
            at += length
        }
        return true
    }

    /// The bucket a hash starts from in a table of `count` (a power of two) buckets.
    @inline(__always)
    private static func bucket(_ hash: Int, count: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(hash)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - count.trailingZeroBitCount))
    }

    /// Puts `entry` in the first free bucket from its hash's, in a table of `count` buckets.
    private func place(_ entry: Bucket, in table: UnsafeMutablePointer<Bucket>, count: Int) {
        let mask = count - 1
        var b = TextKeyIndex.bucket(entry.hash, count: count)
        while table[b].group != 0 { b = (b + 1) & mask }
        table[b] = entry
    }

    /// Moves the groups to a table of `capacity` buckets.
    private func rebuild(_ capacity: Int) {
        let old = buckets
        let oldCount = bucketCount
        buckets = .allocate(capacity: capacity)
        buckets.initialize(repeating: Bucket(hash: 0, offset: 0, group: 0), count: capacity)
        bucketCount = capacity
        for b in 0..<oldCount where old[b].group != 0 { place(old[b], in: buckets, count: capacity) }
        old.deallocate()
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}
