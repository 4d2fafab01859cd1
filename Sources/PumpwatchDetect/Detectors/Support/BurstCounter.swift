/// What a burst counter adds up per time bucket.
protocol BurstTally: Sendable {
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    /// The number the threshold is compared with.
    var total: Int { get }
}

extension MessageTally: BurstTally {}

/// Counts per key in buckets half a window wide and finds the windows (two adjacent buckets)
/// whose total reaches a threshold: any burst shorter than half the window falls inside one
/// such window, whatever the order events arrive in.
///
/// Memory is one small entry per key and bucket with events; past `maxCells` entries, entries
/// holding a single event are dropped (and counted in `pruned`), which only matters for keys
/// that would have needed them to reach the threshold.
struct BurstCounter<Key: Hashable, Tally: BurstTally> {
    struct Cell: Hashable {
        var key: Key
        var bucket: Int64
    }

    struct Entry {
        var tally: Tally
        var first: Int64
        var last: Int64
        var files: FileRefs
    }

    /// What the windows over the threshold of one key add up to.
    struct Bursts {
        /// The busiest window: its tally and the times of its first and last event.
        var peak: Tally
        var peakFirst: Int64
        var peakLast: Int64
        /// Windows at or over the threshold, and the separate bursts they form.
        var windows = 0
        var bursts = 0
        /// Every bucket that took part in a window over the threshold, added up once.
        var tally: Tally
        var first: Int64
        var last: Int64
        var files: [FileRefs] = []
    }

    let window: Int64
    let bucketWidth: Int64
    let maxCells: Int
    private(set) var cells: [Cell: Entry] = [:]
    private(set) var pruned = 0

    init(window: Int64, maxCells: Int = 2_000_000) {
        self.window = max(2, window)
        self.bucketWidth = max(1, self.window / 2)
        self.maxCells = maxCells
    }

    mutating func add(_ key: Key, at time: Int64, _ tally: Tally, file: Int32) {
        let cell = Cell(key: key, bucket: Bucketing.index(time, width: bucketWidth))
        if var e = cells[cell] {
            e.tally = e.tally + tally
            e.first = min(e.first, time)
            e.last = max(e.last, time)
            e.files.insert(file)
            cells[cell] = e
        } else {
            if cells.count >= maxCells { prune() }
            cells[cell] = Entry(tally: tally, first: time, last: time, files: FileRefs(file))
        }
    }

    private mutating func prune() {
        let before = cells.count
        cells = cells.filter { $0.value.tally.total > 1 }
        pruned += before - cells.count
        if cells.count >= maxCells {
            // Still full of busy keys: drop the oldest half so memory stays bounded.
            let cut = Statistics.median(cells.keys.map { Double($0.bucket) })
            let kept = cells.filter { Double($0.key.bucket) >= cut }
            pruned += cells.count - kept.count
            cells = kept
        }
    }

    /// The keys with a window at or over `threshold`, and their bursts.
    func bursts(threshold: Int) -> [Key: Bursts] {
        let half = max(1, (threshold + 1) / 2)
        var candidates = Set<Key>()
        for (cell, e) in cells where e.tally.total >= half { candidates.insert(cell.key) }
        var byKey: [Key: [(Int64, Entry)]] = [:]
        for (cell, e) in cells where candidates.contains(cell.key) {
            byKey[cell.key, default: []].append((cell.bucket, e))
        }
        var out: [Key: Bursts] = [:]
        for (key, list) in byKey {
            let sorted = list.sorted { $0.0 < $1.0 }
            var result: Bursts?
            var used = Set<Int64>()
            var lastWindowBucket: Int64 = .min
            for (i, (bucket, entry)) in sorted.enumerated() {
                // The window starting at this bucket: it and the next bucket, when adjacent.
                var tally = entry.tally
                var first = entry.first
                var last = entry.last
                var members = [(bucket, entry)]
                if i + 1 < sorted.count, sorted[i + 1].0 == bucket + 1 {
                    let next = sorted[i + 1].1
                    tally = tally + next.tally
                    first = min(first, next.first)
                    last = max(last, next.last)
                    members.append((bucket + 1, next))
                }
                guard tally.total >= threshold else { continue }
                if result == nil {
                    result = Bursts(peak: tally, peakFirst: first, peakLast: last, tally: Tally.zero, first: first, last: last)
                }
                result!.windows += 1
                if bucket > lastWindowBucket + 1 { result!.bursts += 1 }
                lastWindowBucket = bucket
                if tally.total > result!.peak.total {
                    result!.peak = tally
                    result!.peakFirst = first
                    result!.peakLast = last
                }
                for (b, e) in members where used.insert(b).inserted {
                    result!.tally = result!.tally + e.tally
                    result!.first = min(result!.first, e.first)
                    result!.last = max(result!.last, e.last)
                    result!.files.append(e.files)
                }
            }
            if let result { out[key] = result }
        }
        return out
    }
}
