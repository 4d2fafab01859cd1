#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The member paths a `RecordScanner` looks for, compiled into one small hash table per object level.
///
/// A path such as `["userIdentity", "sessionContext", "sessionIssuer", "userName"]` gets a slot for
/// its value and one for each object on the way, so a repeated member anywhere along a wanted path
/// is noticed. Lookups hash at most the first and last eight bytes of a member name and confirm
/// with one byte comparison.
final class ScanSchema {
    /// One member name known at one level.
    struct Entry {
        var keyOffset: Int32
        var keyLength: Int32
        var slot: Int32
        /// The level of the member's own members, or -1 when they are not looked into.
        var child: Int32
        /// The name's first (up to) eight bytes and last eight bytes, little-endian, for comparing.
        var head: UInt64
        var tail: UInt64
    }

    private struct Level {
        var bucketBase: Int
        var shift: UInt64
    }

    /// The number of value slots, one per distinct path prefix.
    let slotCount: Int
    /// The slot of each path given to `init`, in order.
    let pathSlots: [Int]
    /// Beginnings (such as `aid.`) that no other top-level member name may start with: the scanner
    /// gives up on a record holding one, for its full-path reading to decide what it means.
    let reservedPrefixes: [[UInt8]]

    private let entries: UnsafeMutablePointer<Entry>
    private let buckets: UnsafeMutablePointer<Int32>
    private let keyBytes: UnsafeMutablePointer<UInt8>
    private let levels: UnsafeMutablePointer<Level>
    /// The number of object levels looked into (the top-level object is level 0).
    let levelCount: Int
    /// True when there are reserved prefixes to check.
    let hasReservedPrefixes: Bool
    /// For each first byte (256 of them), whether some reserved prefix starts with it.
    private let reservedFirstBytes: UnsafeMutablePointer<Bool>
    /// The reserved prefixes (none empty), one after the other, and each one's offset and length.
    private let reservedBytes: UnsafeMutablePointer<UInt8>
    private let reserved: UnsafeMutablePointer<(Int32, Int32)>
    private let reservedCount: Int
    private let entryCount: Int
    private let bucketCount: Int
    private let keyByteCount: Int

    /// Compiles `paths` (member names from the top-level object down).
    init(paths: [[String]], reservedPrefixes: [String] = []) {
        self.reservedPrefixes = reservedPrefixes.map { Array($0.utf8) }
        var firsts = [Bool](repeating: false, count: 256)
        for p in self.reservedPrefixes where !p.isEmpty { firsts[Int(p[0])] = true }
        reservedFirstBytes = .allocate(capacity: 256)
        reservedFirstBytes.initialize(from: firsts, count: 256)
        hasReservedPrefixes = !self.reservedPrefixes.isEmpty
        let nonEmpty = self.reservedPrefixes.filter { !$0.isEmpty }
        reservedCount = nonEmpty.count
        reservedBytes = .allocate(capacity: max(1, nonEmpty.reduce(0) { $0 + $1.count }))
        reserved = .allocate(capacity: max(1, nonEmpty.count))
        var offset = 0
        for (k, prefix) in nonEmpty.enumerated() {
            (reservedBytes + offset).initialize(from: prefix, count: prefix.count)
            (reserved + k).initialize(to: (Int32(offset), Int32(prefix.count)))
            offset += prefix.count
        }
        // Build the tree with dictionaries first, then flatten it.
        final class Node {
            var slot = -1
            var children: [(String, Node)] = []
            func child(_ name: String, slots: inout Int) -> Node {
                if let c = children.first(where: { $0.0 == name }) { return c.1 }
                let n = Node()
                n.slot = slots
                slots += 1
                children.append((name, n))
                return n
            }
        }
        let root = Node()
        var slots = 0
        var pathSlots: [Int] = []
        for path in paths {
            var node = root
            for name in path { node = node.child(name, slots: &slots) }
            pathSlots.append(node.slot)
        }
        // Levels in breadth-first order; level 0 is the top-level object.
        var levelNodes: [Node] = [root]
        var i = 0
        while i < levelNodes.count {
            for (_, c) in levelNodes[i].children where !c.children.isEmpty { levelNodes.append(c) }
            i += 1
        }
        var levelIndex: [ObjectIdentifier: Int] = [:]
        for (k, n) in levelNodes.enumerated() { levelIndex[ObjectIdentifier(n)] = k }

        var flatEntries: [Entry] = []
        var flatKeys: [UInt8] = []
        var flatBuckets: [Int32] = []
        var flatLevels: [Level] = []
        for node in levelNodes {
            var size = 16
            while size < node.children.count * 4 { size *= 2 }
            let bits = UInt64(size.trailingZeroBitCount)
            let base = flatBuckets.count
            flatBuckets.append(contentsOf: repeatElement(0, count: size))
            flatLevels.append(Level(bucketBase: base, shift: 64 - bits))
            for (name, child) in node.children {
                let bytes = Array(name.utf8)
                let (head, tail) = bytes.withUnsafeBytes { ScanSchema.words($0.baseAddress!, bytes.count, canReadAhead: false) }
                let entry = Entry(
                    keyOffset: Int32(flatKeys.count), keyLength: Int32(bytes.count), slot: Int32(child.slot),
                    child: child.children.isEmpty ? -1 : Int32(levelIndex[ObjectIdentifier(child)]!), head: head, tail: tail)
                flatKeys.append(contentsOf: bytes)
                flatEntries.append(entry)
                let h = ScanSchema.hash(head, tail, bytes.count)
                var b = Int(h >> flatLevels.last!.shift)
                while flatBuckets[base + b] != 0 { b = (b + 1) & (size - 1) }
                flatBuckets[base + b] = Int32(flatEntries.count)
            }
        }
        self.slotCount = slots
        self.pathSlots = pathSlots
        levelCount = flatLevels.count
        levels = .allocate(capacity: max(1, levelCount))
        levels.initialize(from: flatLevels, count: levelCount)
        entryCount = flatEntries.count
        bucketCount = flatBuckets.count
        keyByteCount = flatKeys.count
        entries = .allocate(capacity: max(1, entryCount))
        entries.initialize(from: flatEntries, count: entryCount)
        buckets = .allocate(capacity: max(1, bucketCount))
        buckets.initialize(from: flatBuckets, count: bucketCount)
        keyBytes = .allocate(capacity: max(1, keyByteCount))
        keyBytes.initialize(from: flatKeys, count: keyByteCount)
    }

    deinit {
        reservedFirstBytes.deallocate()
        reservedBytes.deallocate()
        reserved.deallocate()
        levels.deallocate()
        entries.deallocate()
        buckets.deallocate()
        keyBytes.deallocate()
    }

    /// True when the top-level member name at `p` starts with one of the reserved prefixes.
    ///
    /// Most names share no more than a first byte with a prefix: a prefix is compared only when
    /// the name has the prefix's last byte (the dot of `aid.`) at the same place.
    @inline(__always)
    func startsWithReservedPrefix(_ p: UnsafeRawPointer, _ length: Int) -> Bool {
        guard length > 0, reservedFirstBytes[Int(p.load(as: UInt8.self))] else { return false }
        var k = 0
        while k < reservedCount {
            let (offset, count) = (Int(reserved[k].0), Int(reserved[k].1))
            k += 1
            guard count <= length, p.load(fromByteOffset: count - 1, as: UInt8.self) == reservedBytes[offset + count - 1] else { continue }
            if memcmp(reservedBytes + offset, p, count) == 0 { return true }
        }
        return false
    }

    /// A member name's first (up to) eight bytes and its last eight bytes (0 when shorter).
    ///
    /// With `canReadAhead`, at least eight readable bytes follow `p` even for a short name.
    @inline(__always)
    static func words(_ p: UnsafeRawPointer, _ length: Int, canReadAhead: Bool) -> (UInt64, UInt64) {
        if length >= 8 {
            return (
                UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: (p + (length - 8)).loadUnaligned(as: UInt64.self))
            )
        }
        if canReadAhead {
            let mask: UInt64 = length == 0 ? 0 : (~UInt64(0)) >> UInt64(64 - 8 * length)
            return (UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) & mask, 0)
        }
        var h: UInt64 = 0
        var k = 0
        while k < length {
            h |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) << UInt64(8 * k)
            k += 1
        }
        return (h, 0)
    }

    /// The hash of a member name from its words and length.
    @inline(__always)
    static func hash(_ head: UInt64, _ tail: UInt64, _ length: Int) -> UInt64 {
        ((head ^ tail.rotated(by: 29)) ^ UInt64(length) &* 0x100_0000_01B3) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The entry for the member name at `p` (`length` bytes) at `level`, or nil.
    @inline(__always)
    func lookup(level: Int, _ p: UnsafeRawPointer, _ length: Int, canReadAhead: Bool) -> Entry? {
        let (head, tail) = ScanSchema.words(p, length, canReadAhead: canReadAhead)
        let e = probe(level: level, head, tail, p, length)
        return e > 0 ? entries[e - 1] : nil
    }

    /// Like `lookup`, for the `ordinal`-th member of its object, first trying the answer given for
    /// the name the `ordinal`-th member had last time (`predictions`, the caller's
    /// `MemberPredictions.slots`): records of one
    /// source list their members in the same order, so the hash table is rarely needed.
    ///
    /// A name of up to 16 bytes is known exactly from its length and words, so a match there is
    /// the same name; a longer one matching a wanted member's words is also compared in full.
    @inline(__always)
    func lookup(
        level: Int, ordinal: Int, _ p: UnsafeRawPointer, _ length: Int, canReadAhead: Bool,
        predictions: UnsafeMutablePointer<MemberPredictions.Slot>
    ) -> Entry? {
        let (head, tail) = ScanSchema.words(p, length, canReadAhead: canReadAhead)
        guard ordinal < MemberPredictions.perLevel else {
            let e = probe(level: level, head, tail, p, length)
            return e > 0 ? entries[e - 1] : nil
        }
        let slot = predictions + (level * MemberPredictions.perLevel + ordinal)
        let known = slot.pointee
        if Int(known.length) == length && known.head == head && known.tail == tail {
            if known.entry > 0 {
                let entry = entries[Int(known.entry) - 1]
                if length <= 16 || ScanSchema.middleEqual(keyBytes + Int(entry.keyOffset), p, length) { return entry }
            } else if known.entry == 0 && length <= 16 {
                return nil
            }
        }
        let e = probe(level: level, head, tail, p, length)
        slot.pointee = MemberPredictions.Slot(head: head, tail: tail, length: Int32(length), entry: Int32(e))
        return e > 0 ? entries[e - 1] : nil
    }

    /// The entry number (plus one; 0 when there is none) of the name with these words at `level`.
    @inline(__always)
    private func probe(level: Int, _ head: UInt64, _ tail: UInt64, _ p: UnsafeRawPointer, _ length: Int) -> Int {
        let l = levels[level]
        let mask = (Int(1) << Int(64 - l.shift)) - 1
        var b = Int(ScanSchema.hash(head, tail, length) >> l.shift)
        while true {
            let e = buckets[l.bucketBase + b]
            if e == 0 { return 0 }
            let entry = entries[Int(e) - 1]
            if Int(entry.keyLength) == length && entry.head == head && entry.tail == tail
                && (length <= 16 || ScanSchema.middleEqual(keyBytes + Int(entry.keyOffset), p, length))
            {
                return Int(e)
            }
            b = (b + 1) & mask
        }
    }
}

extension ScanSchema {
    /// True when the bytes between the first and last eight of two names `length` (over 16) bytes
    /// long are equal; compares eight bytes at a time, inline (names are short, a call costs more).
    @inline(__always)
    static func middleEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ length: Int) -> Bool {
        var k = 8
        while k + 8 < length {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                return false
            }
            k += 8
        }
        return true
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(by n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
