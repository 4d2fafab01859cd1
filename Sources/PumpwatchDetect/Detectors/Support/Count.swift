/// A plain event count, as a bucketed tally.
struct Count: BurstTally, Hashable {
    var n: Int32 = 0
    var failed: Int32 = 0

    static let zero = Count()

    init() {}

    init(failed: Bool) {
        n = 1
        self.failed = failed ? 1 : 0
    }

    var total: Int { Int(n) }

    static func + (a: Count, b: Count) -> Count {
        var r = a
        r.n += b.n
        r.failed += b.failed
        return r
    }
}
