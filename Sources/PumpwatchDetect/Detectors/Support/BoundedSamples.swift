/// The first few distinct values seen, for a finding's evidence (sample numbers, user agents).
struct BoundedSamples<T: Hashable> {
    let limit: Int
    private(set) var values: [T] = []
    /// How many distinct values were seen, up to `countLimit` (values past `limit` are only counted).
    private(set) var distinct = 0
    private var seen = Set<T>()
    private let countLimit: Int

    init(limit: Int, countLimit: Int = 10_000) {
        self.limit = limit
        self.countLimit = countLimit
    }

    mutating func insert(_ v: T) {
        if seen.contains(v) { return }
        guard seen.count < countLimit else { return }
        seen.insert(v)
        distinct += 1
        if values.count < limit { values.append(v) }
    }

    mutating func formUnion(_ other: BoundedSamples<T>) {
        for v in other.seen { insert(v) }
    }

    /// True when more distinct values were seen than `countLimit` allows counting.
    var isSaturated: Bool { seen.count >= countLimit }
}
