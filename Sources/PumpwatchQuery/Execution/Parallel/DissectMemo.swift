import PumpwatchCore

/// Remembers what a dissect pattern makes of a text, by the text's bytes, in bounded memory.
///
/// Texts dissected per row, such as user agents, repeat a lot: the pattern then runs once per
/// distinct text, and a repeat costs one hash of its bytes and one comparison. Each entry holds the
/// text and the pattern's outputs, as bytes in memory the memo owns (nothing reference-counted is
/// touched on a lookup that reads them, `dissect`), and as values (`values(of:)`). The memo holds
/// at most `maxEntries` texts and `maxBytes` bytes and starts afresh when full.
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
        /// The entry's number: its outputs as values are `entryValues[entry]`.
        var entry: Int32 = 0
        var used = false
    }

    private static let nullLength = UInt32.max
    private let slots: UnsafeMutablePointer<Slot>
    private let arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var arenaCount = 0
    @exclusivity(unchecked) private var entryValues: [[Value]] = []

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
        guard let slot = entry(text) else { return false }
        read(Int(slot.offset) + text.count, into: outputs)
        return true
    }

    /// What the pattern makes of `text` (plain ASCII) as values, in output order: `.string`s, or
    /// `.null`s when the text did not match; nil when the text is too long to remember.
    @inline(__always)
    func values(of text: UnsafeRawBufferPointer) -> [Value]? {
        entry(text).map { entryValues[Int($0.entry)] }
    }

    /// The entry of `text`, remembered now if it was not; nil when it cannot be.
    @inline(__always)
    private func entry(_ text: UnsafeRawBufferPointer) -> Slot? {
        let h = DissectMemo.hash(text)
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used {
            let slot = slots[i]
            if slot.hash == h && Int(slot.length) == text.count
                && (text.count == 0 || TextSearch.equal(UnsafeRawPointer(arena + Int(slot.offset)), text.baseAddress!, count: text.count))
            {
                return slot
            }
            i = (i + 1) & (capacity - 1)
        }
        return remember(text, hash: h)
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

    /// Dissects `text` and stores the entry; nil when it cannot fit.
    private func remember(_ text: UnsafeRawBufferPointer, hash h: UInt64) -> Slot? {
        let found = DissectOperator.dissect(String(decoding: text, as: UTF8.self), pattern)
        let values: [Value] = names.map { name in found?[name].map(Value.string) ?? .null }
        var size = text.count
        for v in values {
            if case .string(let s) = v { size += 4 + s.utf8.count } else { size += 4 }
        }
        guard size <= maxBytes / 4 else { return nil }
        if entryValues.count >= maxEntries || arenaCount + size > maxBytes { clear() }
        var i = Int(truncatingIfNeeded: h) & (capacity - 1)
        while slots[i].used { i = (i + 1) & (capacity - 1) }
        let slot = Slot(hash: h, offset: Int32(arenaCount), length: Int32(text.count), entry: Int32(entryValues.count), used: true)
        slots[i] = slot
        append(text)
        for v in values {
            guard case .string(var s) = v else {
                var length = DissectMemo.nullLength
                withUnsafeBytes(of: &length) { append($0) }
                continue
            }
            var length = UInt32(s.utf8.count)
            withUnsafeBytes(of: &length) { append($0) }
            s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }
        entryValues.append(values)
        return slot
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
        entryValues.removeAll(keepingCapacity: true)
    }

    /// A hash of the text's bytes (plain ASCII, so `GroupKeyHash.stringHash` always has one).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        GroupKeyHash.stringHash(bytes) ?? UInt64(bytes.count)
    }
}
