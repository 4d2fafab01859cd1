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
    }

    private struct Level {
        var bucketBase: Int
        var shift: UInt64
    }

    /// The number of value slots, one per distinct path prefix.
    let slotCount: Int
    /// The slot of each path given to `init`, in order.
    let pathSlots: [Int]

    private let entries: UnsafeMutablePointer<Entry>
    private let buckets: UnsafeMutablePointer<Int32>
    private let keyBytes: UnsafeMutablePointer<UInt8>
    private let levels: [Level]
    private let entryCount: Int
    private let bucketCount: Int
    private let keyByteCount: Int

    /// Compiles `paths` (member names from the top-level object down).
    init(paths: [[String]]) {
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
                let entry = Entry(
                    keyOffset: Int32(flatKeys.count), keyLength: Int32(bytes.count), slot: Int32(child.slot),
                    child: child.children.isEmpty ? -1 : Int32(levelIndex[ObjectIdentifier(child)]!))
                flatKeys.append(contentsOf: bytes)
                flatEntries.append(entry)
                let h = bytes.withUnsafeBytes { ScanSchema.hash($0.baseAddress!, bytes.count, canReadAhead: false) }
                var b = Int(h >> flatLevels.last!.shift)
                while flatBuckets[base + b] != 0 { b = (b + 1) & (size - 1) }
                flatBuckets[base + b] = Int32(flatEntries.count)
            }
        }
        self.slotCount = slots
        self.pathSlots = pathSlots
        self.levels = flatLevels
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
        entries.deallocate()
        buckets.deallocate()
        keyBytes.deallocate()
    }

    /// Hashes a member name from its length and its first and last eight bytes.
    ///
    /// With `canReadAhead`, at least eight readable bytes follow `p` even for a short name.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ length: Int, canReadAhead: Bool) -> UInt64 {
        var h: UInt64
        if length >= 8 {
            h = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
                ^ UInt64(littleEndian: (p + (length - 8)).loadUnaligned(as: UInt64.self)).rotated(by: 29)
        } else if canReadAhead {
            let mask: UInt64 = length == 0 ? 0 : (~UInt64(0)) >> UInt64(64 - 8 * length)
            h = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) & mask
        } else {
            h = 0
            var k = 0
            while k < length {
                h |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) << UInt64(8 * k)
                k += 1
            }
        }
        return (h ^ UInt64(length) &* 0x100_0000_01B3) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The entry for the member name at `p` (`length` bytes) at `level`, or nil.
    @inline(__always)
    func lookup(level: Int, _ p: UnsafeRawPointer, _ length: Int, canReadAhead: Bool) -> Entry? {
        let l = levels[level]
        let size = Int(1) << Int(64 - l.shift)
        var b = Int(ScanSchema.hash(p, length, canReadAhead: canReadAhead) >> l.shift)
        while true {
            let e = buckets[l.bucketBase + b]
            if e == 0 { return nil }
            let entry = entries[Int(e) - 1]
            if Int(entry.keyLength) == length && memcmp(keyBytes + Int(entry.keyOffset), p, length) == 0 { return entry }
            b = (b + 1) & (size - 1)
        }
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(by n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
