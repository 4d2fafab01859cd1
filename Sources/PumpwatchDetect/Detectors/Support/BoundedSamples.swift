/// The first few distinct values seen, for a finding's evidence (sample numbers, user agents).
///
/// While no more than `limit` distinct values have come, `values` holds them all and is the only
/// storage: a set of the values seen is made only past `limit`. Detectors keep one of these per
/// caller or number, and most see one or two values.
struct BoundedSamples<T: Hashable> {
    let limit: Int
    private(set) var values: [T] = []
    /// How many distinct values were seen, up to `countLimit` (values past `limit` are only counted).
    private(set) var distinct = 0
    /// Every value seen, once more than `limit` have come; empty before.
    private var seen = Set<T>()
    private let countLimit: Int

    init(limit: Int, countLimit: Int = 10_000) {
        self.limit = limit
        self.countLimit = countLimit
    }

    /// True while `values` holds every distinct value seen.
    private var valuesHoldAll: Bool { seen.isEmpty && distinct == values.count }

    mutating func insert(_ v: T) {
        if valuesHoldAll {
            if values.contains(v) { return }
            guard distinct < countLimit else { return }
            distinct += 1
            if values.count < limit {
                values.append(v)
            } else {
                seen = Set(values)
                seen.insert(v)
            }
            return
        }
        if seen.contains(v) { return }
        guard seen.count < countLimit else { return }
        seen.insert(v)
        distinct += 1
        if values.count < limit { values.append(v) }
    }

    mutating func formUnion(_ other: BoundedSamples<T>) {
        if other.valuesHoldAll {
            for v in other.values { insert(v) }
        } else {
            for v in other.seen { insert(v) }
        }
    }

    /// True when more distinct values were seen than `countLimit` allows counting.
    var isSaturated: Bool { distinct >= countLimit }
}
