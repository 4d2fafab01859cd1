#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
    @exclusivity(unchecked) private var hashes: [UInt64]
    @exclusivity(unchecked) private var offsets: [Int32]
    @exclusivity(unchecked) private var lengths: [Int32]
    @exclusivity(unchecked) private var answers: [Bool]
    @exclusivity(unchecked) private var tags: [UInt8]
    @exclusivity(unchecked) private var used: [Bool]
    @exclusivity(unchecked) private var arena: [UInt8] = []
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var lookups = 0
    @exclusivity(unchecked) private var misses = 0
    /// False once the memo has proved not to pay.
    @exclusivity(unchecked) private(set) var isUseful = true

    init() {
        hashes = Array(repeating: 0, count: capacity)
        offsets = Array(repeating: 0, count: capacity)
        lengths = Array(repeating: 0, count: capacity)
        answers = Array(repeating: false, count: capacity)
        tags = Array(repeating: 0, count: capacity)
        used = Array(repeating: false, count: capacity)
        arena.reserveCapacity(maxBytes)
    }

    /// The remembered answer for `key` (with `tag` telling kinds of value apart), or nil.
    func answer(tag: UInt8, _ key: UnsafeRawBufferPointer) -> Bool? {
        lookups += 1
        let h = hash(tag, key)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while used[i] {
            if hashes[i] == h && tags[i] == tag && Int(lengths[i]) == key.count && matches(i, key) { return answers[i] }
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
        if count >= maxEntries || arena.count + key.count > maxBytes { clear() }
        guard key.count <= maxBytes else { return }
        let h = hash(tag, key)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while used[i] { i = (i + 1) & (capacity - 1) }
        used[i] = true
        hashes[i] = h
        offsets[i] = Int32(arena.count)
        lengths[i] = Int32(key.count)
        answers[i] = answer
        tags[i] = tag
        arena.append(contentsOf: key)
        count += 1
    }

    private func clear() {
        for i in 0..<capacity { used[i] = false }
        arena.removeAll(keepingCapacity: true)
        count = 0
    }

    @inline(__always)
    private func hash(_ tag: UInt8, _ key: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = key.baseAddress, key.count > 0 else { return UInt64(tag) &* 0x9E37_79B9_7F4A_7C15 }
        return ByteHasher.hash(base, key.count, seed: UInt64(tag) &+ 0x243F_6A88_85A3_08D3)
    }

    @inline(__always)
    private func matches(_ i: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard key.count > 0 else { return true }
        return arena.withUnsafeBytes { a in memcmp(a.baseAddress! + Int(offsets[i]), key.baseAddress!, key.count) == 0 }
    }
}
