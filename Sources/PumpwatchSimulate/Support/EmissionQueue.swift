/// A min-heap of records by time (ties in emission order), so that scenarios may emit a little out
/// of order and writers still receive every record in time order.
struct EmissionQueue {
    private var heap: [(millis: Int64, sequence: Int, record: SimulatedRecord)] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].millis != heap[b].millis ? heap[a].millis < heap[b].millis : heap[a].sequence < heap[b].sequence
    }

    mutating func push(_ record: SimulatedRecord) {
        heap.append((record.millis, sequence, record))
        sequence += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !less(i, parent) { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest record's time.
    var earliestMillis: Int64? { heap.first?.millis }

    mutating func pop() -> SimulatedRecord? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count && less(l, m) { m = l }
            if r < heap.count && less(r, m) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top.record
    }
}
