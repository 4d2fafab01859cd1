/// Counts per key for at most `capacity` keys; later new keys go to `other`.
struct BoundedCounter<Key: Hashable> {
    let capacity: Int
    private(set) var counts: [Key: Int] = [:]
    private(set) var other = 0
    private(set) var total = 0

    init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    mutating func add(_ key: Key, _ n: Int = 1) {
        total += n
        if counts[key] != nil || counts.count < capacity {
            counts[key, default: 0] += n
        } else {
            other += n
        }
    }

    mutating func merge(_ o: BoundedCounter<Key>) {
        for (k, v) in o.counts { add(k, v) }
        other += o.other
        total += o.other
    }

    /// The `k` largest counts, largest first (ties in key order when keys are comparable-free: stable by count only).
    func top(_ k: Int) -> [(Key, Int)] {
        Array(counts.sorted { $0.value > $1.value }.prefix(k))
    }
}

extension BoundedCounter where Key: Comparable {
    /// The `k` largest counts, largest first, ties by key.
    func topSorted(_ k: Int) -> [(Key, Int)] {
        Array(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(k))
    }
}
