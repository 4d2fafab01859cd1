/// A compiled regular expression: instructions for `PikeVM`, with the sets and assertions they use.
struct RegexProgram: Sendable {
    private(set) var instructions: [RegexInstruction] = []
    private(set) var sets: [RegexScalarSet] = []
    private(set) var assertions: [RegexAssertion] = []
    /// Two slots per group, group 0 being the whole match.
    let slotCount: Int
    /// True when a match can only start at the start of the text.
    let anchoredAtStart: Bool
    /// For each first byte of a scalar, whether a match can start with it; nil when a match may be
    /// empty (then every position is a candidate).
    private(set) var firstBytes: [Bool]?

    /// The most instructions a pattern may expand to (repetitions are copied out).
    static let maximumSize = 200_000

    /// Compiles `node` (with `captureCount` capturing groups) so that slots 0 and 1 hold the match.
    init(_ node: RegexNode, captureCount: Int) throws(RegexSyntaxError) {
        slotCount = 2 * (captureCount + 1)
        anchoredAtStart = node.isAnchoredAtStart
        append(.save(0))
        try emit(node)
        append(.save(1))
        append(.match)
        if instructions.count > RegexProgram.maximumSize {
            throw RegexSyntaxError("regex: the pattern is too large once its repetitions are expanded", position: 1)
        }
        firstBytes = computeFirstBytes()
    }

    private mutating func append(_ i: RegexInstruction) {
        instructions.append(i)
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        if instructions.count > RegexProgram.maximumSize {
            throw RegexSyntaxError("regex: the pattern is too large once its repetitions are expanded", position: 1)
        }
        switch node {
        case .empty: break
        case .scalar(let c): append(.scalar(c.value))
        case .set(let s):
            if let k = sets.firstIndex(of: s) {
                append(.set(k))
            } else {
                sets.append(s)
                append(.set(sets.count - 1))
            }
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k == branches.count - 1 {
                    try emit(branch)
                    break
                }
                let split = instructions.count
                append(.split(split + 1, -1))
                try emit(branch)
                jumps.append(instructions.count)
                append(.jump(-1))
                instructions[split] = .split(split + 1, instructions.count)
            }
            for j in jumps { instructions[j] = .jump(instructions.count) }
        case .group(let inner, let capture):
            if let capture { append(.save(2 * capture)) }
            try emit(inner)
            if let capture { append(.save(2 * capture + 1)) }
        case .repetition(let inner, let min, let max, let greedy):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Up to max - min optional copies, each skipping all the rest when not taken.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(instructions.count)
                    append(.split(-1, -1))
                    try emit(inner)
                }
                let end = instructions.count
                for s in splits { instructions[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
            } else {
                let loop = instructions.count
                append(.split(-1, -1))
                try emit(inner)
                let back = instructions.count
                append(.jump(-1))
                let end = instructions.count
                instructions[back] = .loop(head: loop, exit: end)
                instructions[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
            }
        case .assertion(let a):
            if let k = assertions.firstIndex(of: a) {
                append(.assertion(k))
            } else {
                assertions.append(a)
                append(.assertion(assertions.count - 1))
            }
        }
    }

    /// The first bytes a match can start with, following every path from the start; assertions
    /// are passed over (they only narrow what matches). Nil when the empty string can match.
    private func computeFirstBytes() -> [Bool]? {
        var bytes = [Bool](repeating: false, count: 256)
        var seen = Set<Int>()
        var stack = [0]
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .match: return nil
            case .scalar(let c):
                bytes[Int(RegexProgram.firstByte(of: c))] = true
            case .set(let k):
                for b in 0..<128 where sets[k].contains(UInt32(b)) { bytes[b] = true }
                // Any scalar outside ASCII may belong to the set: allow every lead byte.
                for b in 0xC0..<256 { bytes[b] = true }
            case .split(let a, let b): stack.append(b); stack.append(a)
            case .jump(let a): stack.append(a)
            case .loop(let head, let exit): stack.append(exit); stack.append(head)
            case .save, .assertion: stack.append(pc + 1)
            }
        }
        return bytes
    }

    static func firstByte(of c: UInt32) -> UInt8 {
        if c < 0x80 { return UInt8(c) }
        if c < 0x800 { return UInt8(0xC0 | (c >> 6)) }
        if c < 0x10000 { return UInt8(0xE0 | (c >> 12)) }
        return UInt8(0xF0 | (c >> 18))
    }
}
