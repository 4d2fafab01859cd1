#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan

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

    /// One object level's hash table: where its buckets start, and the shift that turns a hash
    /// into a bucket.
    struct Level {
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
    /// For each first byte (256 of them), whether some reserved prefix starts with it.
    private let reservedFirstBytes: UnsafeMutablePointer<Bool>
    /// The reserved prefixes (none empty), one after the other, and each one's offset and length.
    private let reservedBytes: UnsafeMutablePointer<UInt8>
    private let reserved: UnsafeMutablePointer<(Int32, Int32)>
    private let reservedCount: Int
    private let entryCount: Int
    private let bucketCount: Int
    private let keyByteCount: Int
    /// The tables as `pw_scan_record` reads them: pointers into this schema's own buffers, valid
    /// while the schema lives (`Entry`, `Level` and `MemberPredictions.Slot` are laid out as the C
    /// structs, which `ScanTablesLayoutTests` checks).
    let scanTables: UnsafeMutablePointer<pw_scan_schema>

    /// Compiles `paths` (member names from the top-level object down).
    /// `wide` reads short string members 64 bytes at a time (`pw__object_wide`); the default is
    /// `RecordScanner.readsWide`.
    init(paths: [[String]], reservedPrefixes: [String] = [], wide: Bool = RecordScanner.readsWide) {
        self.reservedPrefixes = reservedPrefixes.map { Array($0.utf8) }
        var firsts = [Bool](repeating: false, count: 256)
        for p in self.reservedPrefixes where !p.isEmpty { firsts[Int(p[0])] = true }
        reservedFirstBytes = .allocate(capacity: 256)
        reservedFirstBytes.initialize(from: firsts, count: 256)
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
        scanTables = .allocate(capacity: 1)
        scanTables.initialize(to: pw_scan_schema(
            entries: UnsafeRawPointer(entries).assumingMemoryBound(to: pw_schema_entry.self),
            buckets: UnsafePointer(buckets), keyBytes: UnsafePointer(keyBytes),
            levels: UnsafeRawPointer(levels).assumingMemoryBound(to: pw_schema_level.self),
            reservedFirstBytes: UnsafeRawPointer(reservedFirstBytes).assumingMemoryBound(to: UInt8.self),
            reservedBytes: UnsafePointer(reservedBytes),
            reserved: UnsafeRawPointer(reserved).assumingMemoryBound(to: Int32.self),
            reservedCount: Int32(reservedCount), slotCount: Int32(slots),
            predictionsPerLevel: Int32(MemberPredictions.perLevel), maxSkipDepth: Int32(RecordScanner.maxSkipDepth),
            wide: wide && RecordScanner.readsWide ? 1 : 0))
    }

    deinit {
        scanTables.deallocate()
        reservedFirstBytes.deallocate()
        reservedBytes.deallocate()
        reserved.deallocate()
        levels.deallocate()
        entries.deallocate()
        buckets.deallocate()
        keyBytes.deallocate()
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
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(by n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
