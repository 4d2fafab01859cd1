extension Array {
    /// `count` distinct elements in random order.
    func shuffledPrefix(_ count: Int, _ rng: inout SplitMix64) -> [Element] {
        var items = self
        var out: [Element] = []
        for _ in 0..<Swift.min(count, items.count) {
            out.append(items.remove(at: rng.below(items.count)))
        }
        return out
    }
}
