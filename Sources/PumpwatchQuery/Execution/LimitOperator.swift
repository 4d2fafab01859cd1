import PumpwatchCore

/// Runs `LogicalPlan.limit`: the first `count` rows (head) or the last `count` (tail, a ring buffer).
final class LimitOperator: RowOperator, OperatorStateCopying {
    let count: Int
    let end: LimitEnd
    let next: RowOperator
    private var seen = 0
    private var ring: [Row] = []
    private var ringStart = 0

    init(count: Int, end: LimitEnd, next: RowOperator) {
        self.count = count
        self.end = end
        self.next = next
    }

    /// True once a head limit has all its rows, so the reader may stop early.
    var isSaturated: Bool { end == .head && seen >= count }

    /// Takes `other`'s count of rows seen and, for a tail limit, its ring of the last rows.
    func copyState(from other: LimitOperator) {
        seen = other.seen
        ring = other.ring
        ringStart = other.ringStart
    }

    func push(_ row: Row) {
        switch end {
        case .head:
            if seen < count { next.push(row) }
            seen += 1
        case .tail:
            guard count > 0 else { return }
            if ring.count < count {
                ring.append(row)
            } else {
                ring[ringStart] = row
                ringStart = (ringStart + 1) % count
            }
        }
    }

    func finish() {
        if end == .tail {
            for i in 0..<ring.count { next.push(ring[(ringStart + i) % ring.count]) }
            ring = []
        }
        next.finish()
    }
}
