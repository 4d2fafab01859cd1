/// Runs a `RegexProgram` over UTF-8 text in one pass, in time linear in the text (times the
/// program size), whatever the pattern: the Thompson NFA simulation of Pike's VM.
///
/// Threads are kept in priority order, so the match and its groups are those a backtracking
/// engine (ICU, PCRE, Java) reports: the leftmost match, with alternatives tried in order and
/// greedy or lazy quantifiers taking as much or as little as they can.
struct PikeVM {
    let program: RegexProgram

    /// The capture slots (UTF-8 offsets, -1 for a group that did not take part) of the first
    /// match starting at or after byte `start`; with `slotsWanted` false, only whether there is
    /// one (the slots are then empty).
    func search(_ text: UnsafeBufferPointer<UInt8>, from start: Int, slotsWanted: Bool) -> [Int]? {
        let size = program.instructions.count
        let slots = slotsWanted ? program.slotCount : 0
        // One scratch block (on the stack when small): two thread lists, the working slots and the stack.
        let listSize = 2 * size + size * slots
        let stackSize = 2 * (3 * size + 2)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * listSize + max(slots, 1) + stackSize) { scratch in
            let base = scratch.baseAddress!
            var current = RegexThreadList(memory: base, capacity: size, slots: slots)
            var next = RegexThreadList(memory: base + listSize, capacity: size, slots: slots)
            let work = base + 2 * listSize
            let stack = work + max(slots, 1)
            return run(text, from: start, slotsWanted: slotsWanted, &current, &next, work: work, stack: stack)
        }
    }

    private func run(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, slotsWanted: Bool, _ current: inout RegexThreadList,
        _ next: inout RegexThreadList, work: UnsafeMutablePointer<Int>, stack: UnsafeMutablePointer<Int>
    ) -> [Int]? {
        let slots = current.slotCount
        let end = text.count
        var matched: [Int]?
        var pos = start
        var previous: UInt32? = pos > 0 ? PikeVM.scalar(before: pos, in: text) : nil
        let instructions = program.instructions
        let firstBytes = program.firstBytes

        while true {
            if matched == nil && (!program.anchoredAtStart || pos == 0) {
                if current.count == 0, let firstBytes {
                    // Nothing alive: skip to the next byte a match can start with.
                    var p = pos
                    while p < end && !firstBytes[Int(text[p])] { p += 1 }
                    if p >= end { return nil }
                    if p != pos {
                        pos = p
                        previous = PikeVM.scalar(before: pos, in: text)
                    }
                }
                for s in 0..<slots { work[s] = -1 }
                add(&current, pc: 0, at: pos, previous: previous, text: text, work: work, stack: stack)
            }
            if current.count == 0 { break }
            let scalar: UInt32?
            var length = 0
            if pos < end {
                let (c, n) = PikeVM.decode(text, at: pos)
                scalar = c
                length = n
            } else {
                scalar = nil
            }
            var t = 0
            while t < current.count {
                let pc = Int(current.dense[t])
                t += 1
                let advances: Bool
                switch instructions[pc] {
                case .scalar(let c): advances = scalar == c
                case .set(let k): advances = scalar.map { program.sets[k].contains($0) } ?? false
                case .match:
                    if !slotsWanted { return [] }
                    let from = current.slots + pc * slots
                    matched = Array(UnsafeBufferPointer(start: from, count: slots))
                    // Threads after this one have lower priority: drop them.
                    t = current.count
                    continue
                default: advances = false
                }
                if advances {
                    if slots > 0 { work.update(from: current.slots + pc * slots, count: slots) }
                    add(&next, pc: pc + 1, at: pos + length, previous: scalar, text: text, work: work, stack: stack)
                }
            }
            if pos >= end { break }
            swap(&current, &next)
            next.clear()
            previous = scalar
            pos += length
        }
        return matched
    }

    /// Adds the thread at `pc` and everything it reaches without consuming text, in priority order.
    @inline(__always)
    private func add(
        _ list: inout RegexThreadList, pc start: Int, at pos: Int, previous: UInt32?, text: UnsafeBufferPointer<UInt8>,
        work: UnsafeMutablePointer<Int>, stack: UnsafeMutablePointer<Int>
    ) {
        // The stack holds program counters to explore (>= 0), and slot restores as a value
        // followed by -(slot + 1).
        var top = 0
        stack[top] = start
        top += 1
        let slots = list.slotCount
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if entry < 0 {
                top -= 1
                work[-entry - 1] = stack[top]
                continue
            }
            do {
                let pc = entry
                if case .loop(let head, let exit) = program.instructions[pc] {
                    // Not marked: each arrival goes on to the head, or past the loop once the head is taken.
                    stack[top] = list.contains(head) ? exit : head
                    top += 1
                    continue
                }
                if list.contains(pc) { continue }
                list.insert(pc)
                switch program.instructions[pc] {
                case .jump(let target):
                    stack[top] = target
                    top += 1
                case .split(let first, let second):
                    stack[top] = second
                    stack[top + 1] = first
                    top += 2
                case .save(let slot):
                    if slot < slots {
                        stack[top] = work[slot]
                        stack[top + 1] = -(slot + 1)
                        top += 2
                        work[slot] = pos
                    }
                    stack[top] = pc + 1
                    top += 1
                case .assertion(let k):
                    let next: UInt32? = pos < text.count ? PikeVM.decode(text, at: pos).0 : nil
                    let holds = program.assertions[k].holds(previous: previous, next: next) {
                        PikeVM.isFinalTerminator(text, at: pos)
                    }
                    if holds {
                        stack[top] = pc + 1
                        top += 1
                    }
                case .loop: break
                case .scalar, .set, .match:
                    if slots > 0 { (list.slots + pc * slots).update(from: work, count: slots) }
                }
            }
        }
    }

    /// The scalar starting at byte `p` and its length in bytes.
    @inline(__always)
    static func decode(_ t: UnsafeBufferPointer<UInt8>, at p: Int) -> (UInt32, Int) {
        let b0 = UInt32(t[p])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(t[p + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(t[p + 1] & 0x3F) << 6 | UInt32(t[p + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(t[p + 1] & 0x3F) << 12 | UInt32(t[p + 2] & 0x3F) << 6 | UInt32(t[p + 3] & 0x3F), 4)
    }

    /// The scalar that ends just before byte `p` (which is not 0).
    static func scalar(before p: Int, in t: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var s = p - 1
        while s > 0 && t[s] & 0xC0 == 0x80 { s -= 1 }
        return decode(t, at: s).0
    }

    /// True when the text from `p` on is exactly one line terminator (`\r\n` counting as one).
    static func isFinalTerminator(_ t: UnsafeBufferPointer<UInt8>, at p: Int) -> Bool {
        guard p < t.count else { return false }
        let (c, n) = decode(t, at: p)
        if c == 0x0D, p + 2 == t.count, t[p + 1] == 0x0A { return true }
        return p + n == t.count && RegexScalarSet.isLineTerminator(c)
    }
}
