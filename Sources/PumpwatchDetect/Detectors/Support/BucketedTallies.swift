/// Tallies per key and fixed-width time bucket, summed over a period at the end.
struct BucketedTallies<Key: Hashable, Tally: BurstTally> {
    struct Cell: Hashable {
        var key: Key
        var bucket: Int64
    }

    let width: Int64
    private(set) var cells: [Cell: Tally] = [:]
    private(set) var files: [Key: FileRefs] = [:]

    init(width: Int64) {
        self.width = width
    }

    mutating func add(_ key: Key, at time: Int64, _ tally: Tally, file: Int32? = nil) {
        let cell = Cell(key: key, bucket: Bucketing.index(time, width: width))
        cells[cell] = (cells[cell] ?? Tally.zero) + tally
        if let file { files[key, default: FileRefs()].insert(file) }
    }

    /// Every key seen.
    var keys: Set<Key> { Set(cells.keys.map(\.key)) }

    /// The tally of `key` over the buckets `buckets`.
    func sum(_ key: Key, over buckets: [Int64]) -> Tally {
        var t = Tally.zero
        for b in buckets { if let v = cells[Cell(key: key, bucket: b)] { t = t + v } }
        return t
    }

    /// The tally of `key` per bucket of `buckets`, in order.
    func series(_ key: Key, over buckets: [Int64]) -> [Tally] {
        buckets.map { cells[Cell(key: key, bucket: $0)] ?? Tally.zero }
    }

    /// The tallies of every key over `buckets`.
    func sums(over buckets: [Int64]) -> [Key: Tally] {
        let wanted = Set(buckets)
        var out: [Key: Tally] = [:]
        for (cell, t) in cells where wanted.contains(cell.bucket) {
            out[cell.key] = (out[cell.key] ?? Tally.zero) + t
        }
        return out
    }
}

/// The most recent few values by time, for sample numbers from the end of the data.
struct RecentSamples<T: Hashable> {
    let limit: Int
    private(set) var items: [(time: Int64, value: T)] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func insert(_ value: T, at time: Int64) {
        if let i = items.firstIndex(where: { $0.value == value }) {
            if time > items[i].time { items[i].time = time }
            return
        }
        if items.count < limit {
            items.append((time, value))
        } else if let oldest = items.indices.min(by: { items[$0].time < items[$1].time }), items[oldest].time < time {
            items[oldest] = (time, value)
        }
    }

    /// The values at or after `from`, oldest first.
    func values(since from: Int64) -> [T] {
        items.filter { $0.time >= from }.sorted { $0.time < $1.time }.map(\.value)
    }
}
