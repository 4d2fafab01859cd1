/// A small deterministic random source (SplitMix64), seeded from the property checker's generator.
struct PropertyDice {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() % 10_000) < p * 10_000
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// A random subset of `items` of `count` elements, in random order.
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count, !pool.isEmpty { out.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return out
    }
}
