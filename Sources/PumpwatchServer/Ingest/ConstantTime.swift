/// Comparisons of secrets whose running time does not depend on where the inputs differ.
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Every byte of the longer input is visited, so
    /// only the lengths can show in the timing.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = max(a.count, b.count)
        var diff: UInt8 = a.count == b.count ? 0 : 1
        var i = 0
        while i < n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            diff |= x ^ y
            i += 1
        }
        return diff == 0
    }

    /// The index of the first of `digests` equal to `digest`, looking at all of them.
    static func firstMatch(_ digest: [UInt8], in digests: [[UInt8]]) -> Int? {
        var found = -1
        for (index, candidate) in digests.enumerated() {
            let isMatch = equal(digest, candidate) ? 1 : 0
            let unset = found < 0 ? 1 : 0
            found = found &+ (isMatch & unset) &* (index &- found)
        }
        return found >= 0 ? found : nil
    }
}
