/// One side of a join by message id: the entries still waiting for their partner, at most
/// `capacity`; the oldest are dropped first and counted as unmatched.
struct PendingJoinSide<Info> {
    let capacity: Int
    private var waiting: [UInt64: Info] = [:]
    private var ring: [UInt64] = []
    private var next = 0
    /// Entries dropped to stay within `capacity`.
    private(set) var evicted = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Holds `info` under `id` until its partner arrives.
    mutating func hold(_ id: UInt64, _ info: Info) {
        if waiting[id] != nil { waiting[id] = info; return }
        if ring.count < capacity {
            ring.append(id)
        } else {
            if waiting.removeValue(forKey: ring[next]) != nil { evicted += 1 }
            ring[next] = id
            next = (next + 1) % capacity
        }
        waiting[id] = info
    }

    /// The entry waiting under `id`, removed.
    mutating func take(_ id: UInt64) -> Info? {
        waiting.removeValue(forKey: id)
    }

    /// How many entries are still waiting.
    var count: Int { waiting.count }
}
