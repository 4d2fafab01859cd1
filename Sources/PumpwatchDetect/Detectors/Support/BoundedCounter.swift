/// Counts per key for at most `capacity` keys; later new keys go to `other`.
///
/// The first key is kept inline and a dictionary is made only for a second one: detectors keep
/// one counter per caller or number, and most of those only ever see one action or status.
struct BoundedCounter<Key: Hashable> {
    let capacity: Int
    private var firstKey: Key?
    private var firstCount = 0
    /// The keys after the first.
    private var more: [Key: Int] = [:]
    private(set) var other = 0
    private(set) var total = 0

    init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    /// The count of every key kept.
    var counts: [Key: Int] {
        var all = more
        if let firstKey { all[firstKey] = firstCount }
        return all
    }

    mutating func add(_ key: Key, _ n: Int = 1) {
        total += n
        guard let firstKey else {
            if capacity > 0 {
                firstKey = key
                firstCount = n
            } else {
                other += n
            }
            return
        }
        if firstKey == key {
            firstCount += n
        } else if more[key] != nil || 1 + more.count < capacity {
            more[key, default: 0] += n
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
