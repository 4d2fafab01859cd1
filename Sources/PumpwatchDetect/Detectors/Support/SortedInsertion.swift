extension Array where Element: Comparable {
    /// Inserts `value` where it keeps the array sorted, unless it is already there (binary search).
    mutating func insertSorted(_ value: Element) {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        if lo == count || self[lo] != value { insert(value, at: lo) }
    }
}
