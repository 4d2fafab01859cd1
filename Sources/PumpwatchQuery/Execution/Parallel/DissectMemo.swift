import PumpwatchCore

/// Remembers what a dissect pattern makes of a text, by the text's bytes, in bounded memory.
///
/// Texts dissected per row, such as user agents, repeat a lot: the pattern then runs once per
/// distinct text, and a repeat costs one hash of its bytes and one comparison. Each entry holds the
/// text and the pattern's outputs, as bytes in memory the memo owns (nothing reference-counted is
/// touched on a lookup). The memo holds at most `maxEntries` texts and `maxBytes` bytes and starts
/// afresh when full.
///
/// Only for plain ASCII text: two such texts are the same string exactly when their bytes are
/// equal, so the pattern's outputs (found on the string) follow from the bytes.
final class DissectMemo {
    let pattern: DissectPattern
    /// The pattern's outputs, in order.
    let names: [String]
    private let outputCount: Int
    private let capacity = 4096
    private let maxEntries = 2048
    private let maxBytes = 256 << 10

    /// One remembered text.
    private struct Slot {
        var hash: UInt64 = 0
        /// Where the entry starts in `arena`: the text, then per output a 4-byte length (`nullLength`
        /// for a null output) and its bytes.
        var offset: Int32 = 0
        var length: Int32 = 0
        var used = false
    }

    private static let nullLength = UInt32.max
    private let slots: UnsafeMutablePointer<Slot>
    private let arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var arenaCount = 0
    @exclusivity(unchecked) private var count = 0

    init(pattern: DissectPattern) {
        self.pattern = pattern
        names = pattern.outputNames
        outputCount = names.count
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        arena = .allocate(capacity: maxBytes)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// Sets `outputs[0..<names.count]` to what the pattern makes of `text` (plain ASCII): each
    /// output's bytes, with a nil base address for a null output (the text did not match). The
    /// bytes stay valid until the next call. False when the text is too long to remember: nothing
    /// is set.
    @inline(__always)
    func dissect(_ text: UnsafeRawBufferPointer, into outputs: UnsafeMutablePointer<UnsafeRawBufferPointer>) -> Bool {
        let h = DissectMemo.hash(text)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used {
            let slot = slots[i]
            if slot.hash == h && Int(slot.length) == text.count
                && (text.count == 0 || TextSearch.equal(UnsafeRawPointer(arena + Int(slot.offset)), text.baseAddress!, count: text.count))
            {
                read(Int(slot.offset) + text.count, into: outputs)
                return true
            }
            i = (i + 1) & (capacity - 1)
        }
        guard let offset = remember(text, hash: h) else { return false }
        read(offset + text.count, into: outputs)
        return true
    }

    /// The outputs stored from `offset` on.
    @inline(__always)
    private func read(_ offset: Int, into outputs: UnsafeMutablePointer<UnsafeRawBufferPointer>) {
        var at = offset
        for k in 0..<outputCount {
            let length = UnsafeRawPointer(arena + at).loadUnaligned(as: UInt32.self)
            at += 4
            if length == DissectMemo.nullLength {
                outputs[k] = UnsafeRawBufferPointer(start: nil, count: 0)
            } else {
                outputs[k] = UnsafeRawBufferPointer(start: arena + at, count: Int(length))
                at += Int(length)
            }
        }
    }

    /// Dissects `text` and stores the entry; where it starts, or nil when it cannot fit.
    private func remember(_ text: UnsafeRawBufferPointer, hash h: UInt64) -> Int? {
        let found = DissectOperator.dissect(String(decoding: text, as: UTF8.self), pattern)
        let values: [[UInt8]?] = names.map { name in found?[name].map { Array($0.utf8) } }
        var size = text.count
        for v in values { size += 4 + (v?.count ?? 0) }
        guard size <= maxBytes / 4 else { return nil }
        if count >= maxEntries || arenaCount + size > maxBytes { clear() }
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used { i = (i + 1) & (capacity - 1) }
        let offset = arenaCount
        slots[i] = Slot(hash: h, offset: Int32(offset), length: Int32(text.count), used: true)
        append(text)
        for v in values {
            var length = v.map { UInt32($0.count) } ?? DissectMemo.nullLength
            withUnsafeBytes(of: &length) { append($0) }
            if let v { v.withUnsafeBytes { append($0) } }
        }
        count += 1
        return offset
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            (arena + arenaCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        arenaCount += bytes.count
    }

    private func clear() {
        slots.update(repeating: Slot(), count: capacity)
        arenaCount = 0
        count = 0
    }

    /// A hash of the text's bytes (plain ASCII, so `GroupKeyHash.stringHash` always has one).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        GroupKeyHash.stringHash(bytes) ?? UInt64(bytes.count)
    }
}
