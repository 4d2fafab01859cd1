/// A sparse set of program counters in insertion (priority) order, with each one's capture slots.
struct RegexThreadList {
    let dense: UnsafeMutablePointer<Int>
    let sparse: UnsafeMutablePointer<Int>
    let slots: UnsafeMutablePointer<Int>
    let slotCount: Int
    private(set) var count = 0

    /// A list over `2 * capacity + capacity * slotCount` integers of `memory`.
    init(memory: UnsafeMutablePointer<Int>, capacity: Int, slots slotCount: Int) {
        dense = memory
        sparse = memory + capacity
        sparse.initialize(repeating: 0, count: capacity)
        slots = memory + 2 * capacity
        self.slotCount = slotCount
    }

    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let k = sparse[pc]
        return k < count && dense[k] == pc
    }

    @inline(__always)
    mutating func insert(_ pc: Int) {
        dense[count] = pc
        sparse[pc] = count
        count += 1
    }

    mutating func clear() { count = 0 }
}
