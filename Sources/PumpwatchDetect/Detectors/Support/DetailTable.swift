/// Evidence details per key (the actions, user agents and callers behind a count), kept from a
/// key's first event so the breakdown is complete, within a fixed number of keys.
///
/// Keys are marked hot once their counter shows a possible burst. When the table is full, keys
/// that never became hot are dropped; if it is still full of hot keys, new keys are not added.
struct DetailTable<Key: Hashable, Detail> {
    let capacity: Int
    private(set) var entries: [Key: (detail: Detail, hot: Bool)] = [:]
    /// How many entries are not hot: a full table of hot keys is not swept again for each new key.
    private var cold = 0

    init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    /// Updates the detail of `key` (made by `make` when new) with `body`; `hot` marks it as worth keeping.
    mutating func update(_ key: Key, hot: Bool, make: () -> Detail, _ body: (inout Detail) -> Void) {
        // In place: a copy of the entry would make `body` copy the detail's collections.
        if let i = entries.index(forKey: key) {
            body(&entries.values[i].detail)
            if hot && !entries.values[i].hot {
                cold -= 1
                entries.values[i].hot = true
            }
            return
        }
        if entries.count >= capacity {
            if cold > 0 {
                entries = entries.filter { $0.value.hot }
                cold = 0
            }
            if entries.count >= capacity { return }
        }
        var d = make()
        body(&d)
        entries[key] = (d, hot)
        if !hot { cold += 1 }
    }

    subscript(key: Key) -> Detail? { entries[key]?.detail }
}
