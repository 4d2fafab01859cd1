import PumpwatchCore

/// Tests a filter's conditions on a built event with the query engine, giving the mask of the
/// branches that take it. One per thread.
final class EventMasker {
    private let filter: EventFilter
    private let tester: any EventConditionTester
    private var results: [Int8]

    init(filter: EventFilter) {
        self.filter = filter
        self.tester = filter.makeTester()
        results = Array(repeating: -1, count: filter.conditions.count)
    }

    /// The branches whose conditions all hold for an event with these fields.
    func mask(_ fields: [String: Value]) -> UInt64 {
        for i in results.indices { results[i] = -1 }
        var mask: UInt64 = 0
        for (b, conditions) in filter.branches.enumerated() {
            var all = true
            for c in conditions {
                if results[c] < 0 { results[c] = tester.holds(c, fields: fields) ? 1 : 0 }
                if results[c] == 0 {
                    all = false
                    break
                }
            }
            if all { mask |= UInt64(1) << UInt64(b) }
        }
        return mask
    }
}
