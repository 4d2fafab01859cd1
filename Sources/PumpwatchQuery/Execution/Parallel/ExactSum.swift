/// A floating-point sum that does not depend on the order or grouping of its terms.
///
/// It keeps the running total as a list of non-overlapping partial sums (Shewchuk's algorithm,
/// as Python's `math.fsum`), so the result is the exactly rounded sum of the terms. Sums computed
/// on separate parts of the input and merged give the same bits as one sum over all of it, which
/// is what lets aggregates run on several threads with identical results. Infinities and NaN are
/// summed aside as plain doubles.
struct ExactSum: Sendable, Equatable {
    private var partials: [Double] = []
    private var special: Double = 0

    init() {}

    /// Adds one term.
    mutating func add(_ value: Double) {
        guard value.isFinite else {
            special += value
            return
        }
        var x = value
        var kept = 0
        for j in partials.indices {
            var y = partials[j]
            if abs(x) < abs(y) { swap(&x, &y) }
            let hi = x + y
            let lo = y - (hi - x)
            if lo != 0 {
                partials[kept] = lo
                kept += 1
            }
            x = hi
        }
        if !x.isFinite {
            // The finite terms overflowed: keep the overflow as a special value.
            special += x
            partials.removeAll()
            return
        }
        partials.removeSubrange(kept...)
        if x != 0 { partials.append(x) }
    }

    /// Adds every term of another sum.
    mutating func add(_ other: ExactSum) {
        for p in other.partials { add(p) }
        special += other.special
    }

    /// The correctly rounded total.
    var value: Double {
        if special != 0 || special.isNaN { return special }
        var n = partials.count
        guard n > 0 else { return 0 }
        n -= 1
        var hi = partials[n]
        var lo: Double = 0
        while n > 0 {
            let x = hi
            n -= 1
            let y = partials[n]
            hi = x + y
            let yr = hi - x
            lo = y - yr
            if lo != 0 { break }
        }
        // Round half to even across the partials left below `hi`.
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2
            let x = hi + y
            let yr = x - hi
            if y == yr { hi = x }
        }
        return hi
    }
}
