import PumpwatchCore

/// Remembers a yes/no answer per byte string (a condition's result per field value), in bounded memory.
///
/// Field values such as `eventSource` or `DomainName` repeat a lot, so a condition evaluated once
/// per distinct value saves the engine's work on every repeat. The table holds at most
/// `maxEntries` answers and `maxBytes` key bytes and starts afresh when full. When most lookups
/// miss (values that hardly repeat), `isUseful` turns false and callers stop asking.
final class ByteKeyedMemo {
    private let capacity = 2048
    private let maxEntries = 1024
    private let maxBytes = 64 << 10

    /// One remembered answer.
    private struct Slot {
        var hash: UInt64 = 0
        var offset: Int32 = 0
        var length: Int32 = 0
        var tag: UInt8 = 0
        var answer = false
        var used = false
    }

    /// The open-addressing table and the key bytes, in memory the memo owns: a lookup per record
    /// then touches no reference-counted storage.
    private let slots: UnsafeMutablePointer<Slot>
    private let arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var arenaCount = 0
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var lookups = 0
    @exclusivity(unchecked) private var misses = 0
    /// False once the memo has proved not to pay.
    @exclusivity(unchecked) private(set) var isUseful = true

    init() {
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        arena = .allocate(capacity: maxBytes)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// The remembered answer for `key` (with `tag` telling kinds of value apart), or nil.
    func answer(tag: UInt8, _ key: UnsafeRawBufferPointer) -> Bool? {
        lookups += 1
        let h = hash(tag, key)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used {
            let slot = slots[i]
            if slot.hash == h && slot.tag == tag && Int(slot.length) == key.count && matches(slot, key) { return slot.answer }
            i = (i + 1) & (capacity - 1)
        }
        misses += 1
        if lookups >= 4096 {
            if misses * 2 > lookups { isUseful = false }
            lookups = 0
            misses = 0
        }
        return nil
    }

    /// Remembers `answer` for `key`.
    func remember(tag: UInt8, _ key: UnsafeRawBufferPointer, _ answer: Bool) {
        guard key.count <= maxBytes else { return }
        if count >= maxEntries || arenaCount + key.count > maxBytes { clear() }
        let h = hash(tag, key)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used { i = (i + 1) & (capacity - 1) }
        slots[i] = Slot(hash: h, offset: Int32(arenaCount), length: Int32(key.count), tag: tag, answer: answer, used: true)
        if let base = key.baseAddress, key.count > 0 { (arena + arenaCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: key.count) }
        arenaCount += key.count
        count += 1
    }

    private func clear() {
        for i in 0..<capacity { slots[i].used = false }
        arenaCount = 0
        count = 0
    }

    @inline(__always)
    private func hash(_ tag: UInt8, _ key: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = key.baseAddress, key.count > 0 else { return UInt64(tag) &* 0x9E37_79B9_7F4A_7C15 }
        return ByteHasher.hash(base, key.count, seed: UInt64(tag) &+ 0x243F_6A88_85A3_08D3)
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        guard key.count > 0 else { return true }
        return TextSearch.equal(arena + Int(slot.offset), key.baseAddress!, count: key.count)
    }
}
