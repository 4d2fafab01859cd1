import PumpwatchCore

/// Runs `LogicalPlan.aggregate`: a hash table from group key to accumulators.
///
/// Memory grows with the number of groups, never with the input. When a key is
/// `date_trunc(span, @timestamp)`, groups whose window has closed are emitted on
/// `advanceWatermark(to:)`, so endless streams keep bounded state.
///
/// Group keys are hashed once per row from the bytes of their values (`HashedGroupKey`), falling
/// back to Swift's hashing for good once a key holds text outside ASCII. Accumulators of all groups
/// live in one array, updated in place.
///
/// For parallel runs, an operator built `partial` keeps every group (no group limit) and emits
/// nothing; its `groupState()` is merged, part after part in input order, into an ordinary
/// operator with `merge(_:)`, which then emits what one pass over the whole input would have.
final class AggregateOperator: RowOperator, OperatorStateCopying {
    /// The groups of a partial run, in order of first appearance, with their accumulators
    /// (`aggregates.count` per group, group after group).
    struct GroupState {
        var keys: [[Value]]
        var accumulators: [Accumulator]
        var sawRow: Bool
    }

    let aggregation: Aggregation
    let evaluator: ExpressionEvaluator
    let diagnostics: QueryDiagnostics
    let next: RowOperator
    /// True for the operator of one part of a parallel run: no group limit, no output.
    let isPartial: Bool

    @exclusivity(unchecked) private var index: [HashedGroupKey: Int] = [:]
    /// Each group's key, by slot; nil once a closed window has been emitted.
    @exclusivity(unchecked) private var keys: [[Value]?] = []
    @exclusivity(unchecked) private var accumulators: [Accumulator] = []
    @exclusivity(unchecked) private var byteHashing = true
    @exclusivity(unchecked) private var liveGroups = 0
    @exclusivity(unchecked) private var sawRow = false
    @exclusivity(unchecked) private var scratch: [Value] = []
    private let width: Int
    private let keyExpressions: [Expression]
    private let arguments: [Expression?]
    private let filters: [Expression?]
    private let readsTime: [Bool]
    private let fresh: [Accumulator]
    private let windowKey: (index: Int, span: TimeSpan)?

    /// `timeColumns` names columns computed upstream as `date_trunc(span, @timestamp)`: grouping by
    /// one of them makes a window that the watermark closes, as grouping by the call itself does.
    init(
        aggregation: Aggregation, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics, next: RowOperator, partial: Bool = false,
        timeColumns: [String: TimeSpan] = [:]
    ) {
        self.isPartial = partial
        self.aggregation = aggregation
        self.evaluator = evaluator
        self.diagnostics = diagnostics
        self.next = next
        width = aggregation.aggregates.count
        keyExpressions = aggregation.keys.map(\.expression)
        arguments = aggregation.aggregates.map(\.argument)
        filters = aggregation.aggregates.map(\.filter)
        readsTime = aggregation.aggregates.map { $0.function == .last }
        fresh = aggregation.aggregates.map { Accumulator(call: $0, dialect: evaluator.context.dialect) }
        var window: (Int, TimeSpan)?
        for (i, k) in aggregation.keys.enumerated() {
            if case .call("date_trunc", let args) = k.expression, args.count == 2, case .timeSpan(let span) = args[0],
                case .field("@timestamp") = args[1]
            {
                window = (i, span)
                break
            }
            if case .field(let name) = k.expression, let span = timeColumns[name] {
                window = (i, span)
                break
            }
        }
        windowKey = window
    }

    func push(_ row: Row) {
        push(
            key: { evaluator.evaluate(keyExpressions[$0], row) },
            passes: { i in filters[i].map { evaluator.holds($0, row) } ?? true },
            argument: { i in arguments[i].map { evaluator.evaluate($0, row) } ?? .null },
            time: { row.values["@timestamp"] })
    }

    /// Adds one row given by its key values, whether each aggregate's filter holds, each
    /// aggregate's argument, and its `@timestamp` (read by `last` only).
    func push(key: (Int) -> Value, passes: (Int) -> Bool, argument: (Int) -> Value, time: () -> Value?) {
        sawRow = true
        scratch.removeAll(keepingCapacity: true)
        var multiValued = false
        for k in keyExpressions.indices {
            let v = key(k)
            if aggregation.dropNullKeys && v.isNull { return }
            if case .array(let items) = v, !items.isEmpty { multiValued = true }
            scratch.append(v.isNull ? .null : v)
        }
        if !multiValued {
            if let slot = slot(for: scratch) { add(to: slot, passes: passes, argument: argument, time: time) }
            return
        }
        // A multi-valued key puts the row in one group per value.
        var combos: [[Value]] = [[]]
        for v in scratch {
            if case .array(let items) = v, !items.isEmpty {
                combos = combos.flatMap { prefix in items.map { prefix + [$0] } }
            } else {
                combos = combos.map { $0 + [v] }
            }
        }
        for key in combos {
            if let slot = slot(for: key) { add(to: slot, passes: passes, argument: argument, time: time) }
        }
    }

    @inline(__always)
    private func add(to slot: Int, passes: (Int) -> Bool, argument: (Int) -> Value, time: () -> Value?) {
        let base = slot * width
        for i in 0..<width {
            if !passes(i) { continue }
            accumulators[base + i].add(argument(i), time: readsTime[i] ? time() : nil)
        }
    }

    /// The hashed form of `key` in this table's hashing.
    @inline(__always)
    private func hashed(_ key: [Value]) -> HashedGroupKey {
        if byteHashing {
            if let h = HashedGroupKey.byteHash(key) { return HashedGroupKey(values: key, hash: h) }
            // Text outside ASCII: rehash every key the standard way from now on.
            byteHashing = false
            var rebuilt: [HashedGroupKey: Int] = [:]
            rebuilt.reserveCapacity(index.count)
            for (k, slot) in index { rebuilt[HashedGroupKey(values: k.values, hash: HashedGroupKey.standardHash(k.values))] = slot }
            index = rebuilt
        }
        return HashedGroupKey(values: key, hash: HashedGroupKey.standardHash(key))
    }

    /// The slot of the group `key`, created if new; nil when the group limit drops it.
    @inline(__always)
    private func slot(for key: [Value]) -> Int? {
        let k = hashed(key)
        if let s = index[k] { return s }
        if !isPartial, let limit = aggregation.groupLimit, liveGroups >= limit {
            diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
            return nil
        }
        let s = keys.count
        index[k] = s
        keys.append(key)
        accumulators.append(contentsOf: fresh)
        liveGroups += 1
        return s
    }

    private func output(_ key: [Value], slot: Int?) -> Row {
        var pairs: [(String, Value)] = []
        pairs.reserveCapacity(key.count + width)
        let keyPairs = zip(aggregation.keys, key).map { ($0.name, $1) }
        let aggPairs = aggregation.aggregates.enumerated().map { i, call in
            (call.outputName, (slot.map { accumulators[$0 * width + i] } ?? fresh[i]).result(separator: call.separator))
        }
        switch aggregation.columnOrder {
        case .keysThenAggregates: pairs = keyPairs + aggPairs
        case .aggregatesThenKeys: pairs = aggPairs + keyPairs
        }
        return Row(ordered: pairs)
    }

    func advanceWatermark(to millis: Int64) {
        guard let windowKey, !isPartial else { return }
        for slot in keys.indices {
            guard let key = keys[slot], case .date(let start) = key[windowKey.index] else { continue }
            if DateMath.add(start, windowKey.span, sign: 1) <= millis {
                next.push(output(key, slot: slot))
                index.removeValue(forKey: hashed(key))
                keys[slot] = nil
                liveGroups -= 1
            }
        }
        if liveGroups == 0 {
            keys.removeAll(keepingCapacity: true)
            accumulators.removeAll(keepingCapacity: true)
        }
        next.advanceWatermark(to: millis)
    }

    /// Takes `other`'s groups: the key table, its hashing, and every group's accumulators.
    ///
    /// The accumulators share their state objects with `other`'s until either side adds to a
    /// group: `Accumulator` copies its state on write, so neither operator sees the other's rows.
    func copyState(from other: AggregateOperator) {
        index = other.index
        keys = other.keys
        accumulators = other.accumulators
        byteHashing = other.byteHashing
        liveGroups = other.liveGroups
        sawRow = other.sawRow
    }

    /// The groups of a partial operator, handed over once its part of the input has been read.
    func groupState() -> GroupState {
        var liveKeys: [[Value]] = []
        var liveAccumulators: [Accumulator] = []
        liveKeys.reserveCapacity(liveGroups)
        liveAccumulators.reserveCapacity(liveGroups * width)
        for (slot, key) in keys.enumerated() {
            guard let key else { continue }
            liveKeys.append(key)
            liveAccumulators.append(contentsOf: accumulators[(slot * width)..<((slot + 1) * width)])
        }
        let state = GroupState(keys: liveKeys, accumulators: liveAccumulators, sawRow: sawRow)
        keys = []
        accumulators = []
        index = [:]
        liveGroups = 0
        return state
    }

    /// Adds the groups of the part of the input that follows what this operator has seen, applying
    /// the group limit as one pass would: groups first seen later are dropped once it is reached.
    func merge(_ state: GroupState) {
        if state.sawRow { sawRow = true }
        for (g, key) in state.keys.enumerated() {
            let k = hashed(key)
            let from = g * width
            if let slot = index[k] {
                for i in 0..<width { accumulators[slot * width + i].merge(state.accumulators[from + i]) }
                continue
            }
            if let limit = aggregation.groupLimit, liveGroups >= limit {
                diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
                continue
            }
            index[k] = keys.count
            keys.append(key)
            accumulators.append(contentsOf: state.accumulators[from..<(from + width)])
            liveGroups += 1
        }
    }

    func finish() {
        if isPartial { return }
        if keys.isEmpty && !sawRow && aggregation.keys.isEmpty && aggregation.emptyInputGivesRow {
            next.push(output([], slot: nil))
        }
        for (slot, key) in keys.enumerated() {
            guard let key else { continue }
            next.push(output(key, slot: slot))
        }
        keys = []
        accumulators = []
        index = [:]
        next.finish()
    }
}
