/// The ids (hashed) of the last `capacity` items seen, to drop repeats of one message: Twilio
/// Event Streams reports a message once per status (`sent`, then `delivered`), close together.
struct RecentIDs {
    let capacity: Int
    private var set = Set<UInt64>()
    private var ring: [UInt64] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Records `id`; false when it was already among the recent ids.
    mutating func insert(_ id: String) -> Bool {
        let h = StableHash.of(id)
        if set.contains(h) { return false }
        if ring.count < capacity {
            ring.append(h)
        } else {
            set.remove(ring[next])
            ring[next] = h
            next = (next + 1) % capacity
        }
        set.insert(h)
        return true
    }
}
