import PumpwatchCore

/// Runs `LogicalPlan.aggregate`: a hash table from group key to accumulators.
///
/// Memory grows with the number of groups, never with the input. When a key is
/// `date_trunc(span, @timestamp)`, groups whose window has closed are emitted on
/// `advanceWatermark(to:)` and their memory is given back, so endless streams keep bounded state.
///
/// Group keys live flat in a `GroupTable` (one array of values, an `Int32` open-addressing index),
/// hashed once per row from the bytes of their values (`GroupKeyHash`). Accumulators of all groups
/// live in one array, `aggregates.count` per group in group order, updated in place.
///
/// For parallel runs, an operator built `partial` emits nothing; its `groupState()` is merged,
/// part after part in input order, into an ordinary operator with `merge(_:)`, which then emits
/// what one pass over the whole input would have. A partial operator keeps every group unless the
/// aggregation has a group limit: see `PartialGroupBound` for the groups it may then leave out.
final class AggregateOperator: RowOperator, OperatorStateCopying {
    /// The groups of a partial run, in order of first appearance, with their accumulators
    /// (`aggregates.count` per group, group after group).
    struct GroupState {
        var groups: GroupTable
        var accumulators: [Accumulator]
        var sawRow: Bool
        /// True when the run left out groups past the group limit (see `PartialGroupBound`).
        var droppedGroups = false
    }

    let aggregation: Aggregation
    let evaluator: ExpressionEvaluator
    let diagnostics: QueryDiagnostics
    let next: RowOperator
    /// True for the operator of one part of a parallel run: no output, groups handed over.
    let isPartial: Bool

    @exclusivity(unchecked) private var groups: GroupTable
    /// Finds groups from key texts without touching `groups`' arrays (see `TextKeyIndex`); reset
    /// wherever groups are removed or replaced.
    private let textIndex = TextKeyIndex()
    /// Scratch space for the key bytes of merged groups (`keyTexts`).
    @exclusivity(unchecked) private var mergeBytes = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
    @exclusivity(unchecked) private var mergeByteCapacity = 256
    private let mergeTexts: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// Which of `mergeTexts` are dates (`keyTexts`).
    @exclusivity(unchecked) private var mergeDates: UInt64 = 0
    @exclusivity(unchecked) private var accumulators: [Accumulator] = []
    @exclusivity(unchecked) private var sawRow = false
    @exclusivity(unchecked) private var scratch: [Value] = []
    private let width: Int
    private let keyExpressions: [Expression]
    private let arguments: [Expression?]
    private let filters: [Expression?]
    private let readsTime: [Bool]
    private let fresh: [Accumulator]
    private let windowKey: (index: Int, span: TimeSpan)?
    /// For a partial run with a group limit: which groups past the limit it still keeps.
    private let bound: PartialGroupBound?
    /// The merged groups `bound` published, once this partial run has read them.
    @exclusivity(unchecked) private var admitted: GroupTable?
    @exclusivity(unchecked) private var droppedGroups = false

    /// `timeColumns` names columns computed upstream as `date_trunc(span, @timestamp)`: grouping by
    /// one of them makes a window that the watermark closes, as grouping by the call itself does.
    init(
        aggregation: Aggregation, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics, next: RowOperator, partial: Bool = false,
        timeColumns: [String: TimeSpan] = [:], bound: PartialGroupBound? = nil
    ) {
        self.isPartial = partial
        self.bound = aggregation.groupLimit != nil ? bound : nil
        groups = GroupTable(width: aggregation.keys.count)
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
        mergeTexts = .allocate(capacity: Swift.max(1, aggregation.keys.count))
        mergeTexts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    deinit {
        mergeBytes.deallocate()
        mergeTexts.deallocate()
    }

    /// The number of groups held.
    var groupCount: Int { groups.count }

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

    /// Adds one row whose key values are given by their bytes `texts` (one per key): `.date`
    /// values where `dates` has the key's bit (the 8 bytes of its milliseconds), `.string` values
    /// of those UTF-8 bytes elsewhere. The key is hashed and compared on the bytes, and values are
    /// made for it only when its group is new. False when nothing was done (text outside ASCII, a
    /// table hashing otherwise): the caller then calls `push(key:passes:argument:time:)`.
    @inline(__always)
    func push(
        texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0, passes: (Int) -> Bool, argument: (Int) -> Value,
        time: () -> Value?
    ) -> Bool {
        guard let found = slot(texts: texts, dates: dates) else { return false }
        if let slot = found { add(to: slot, passes: passes, argument: argument, time: time) }
        return true
    }

    /// The slot of the group whose key is given by its bytes `texts` (dates where `dates` has their
    /// bit), created if new (`.some(nil)` when the group limit drops it); nil when the bytes cannot
    /// be looked up (text outside ASCII, a table hashing otherwise).
    @inline(__always)
    private func slot(texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64) -> Int?? {
        guard groups.byteHashing, let h = GroupKeyHash.textHash(texts, dates: dates) else { return nil }
        sawRow = true
        if textIndex.mirrored != groups.count { textIndex.sync(groups) }
        if let slot = textIndex.find(texts, dates: dates, hash: h) { return slot }
        if !textIndex.isComplete, let slot = groups.find(texts: texts, dates: dates, hash: h) { return slot }
        let key = texts.enumerated().map { k, t in
            GroupKeyHash.isDate(k, dates) ? Value.date(GroupKeyHash.dateMillis(t)) : Value.string(String(decoding: t, as: UTF8.self))
        }
        let slot = newSlot(for: key, hash: h)
        if let slot, slot == groups.count - 1, textIndex.mirrored == slot { textIndex.insert(texts, dates: dates, hash: h, group: slot) }
        return .some(slot)
    }

    /// Like `push(texts:passes:argument:time:)` for aggregates without filters, whose arguments
    /// may come as text too: `argumentText(i)`, when not nil, is the UTF-8 of aggregate `i`'s
    /// argument, a `.string` of that plain ASCII text, and `argument(i)` is asked for only when
    /// the text does not settle what adding it does (`Accumulator.add(text:value:time:)`).
    @inline(__always)
    func push(
        texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0, argumentText: (Int) -> UnsafeRawBufferPointer?,
        argument: (Int) -> Value, time: () -> Value?
    ) -> Bool {
        guard let found = slot(texts: texts, dates: dates) else { return false }
        guard let slot = found else { return true }
        let base = slot * width
        var decimals = Accumulator.DecimalMemo()
        accumulators.withUnsafeMutableBufferPointer { accumulators in
            for i in 0..<width {
                let t = readsTime[i] ? time() : nil
                if let text = argumentText(i) {
                    accumulators[base + i].add(text: text, value: { argument(i) }, time: t, decimals: &decimals)
                } else {
                    accumulators[base + i].add(argument(i), time: t)
                }
            }
        }
        return true
    }

    @inline(__always)
    private func add(to slot: Int, passes: (Int) -> Bool, argument: (Int) -> Value, time: () -> Value?) {
        let base = slot * width
        // One uniqueness check of the array per row, not one per aggregate.
        accumulators.withUnsafeMutableBufferPointer { accumulators in
            for i in 0..<width {
                if !passes(i) { continue }
                accumulators[base + i].add(argument(i), time: readsTime[i] ? time() : nil)
            }
        }
    }

    /// The slot of the group `key`, created if new; nil when the group limit drops it.
    @inline(__always)
    private func slot(for key: [Value]) -> Int? {
        let h = groups.hash(key)
        if let s = groups.find(key, hash: h) { return s }
        return newSlot(for: key, hash: h)
    }

    /// The slot of a new group for `key` (hashed `hash`, not in the table); nil when the group
    /// limit drops it.
    private func newSlot(for key: [Value], hash h: Int) -> Int? {
        if let limit = aggregation.groupLimit, groups.count >= limit {
            if !isPartial {
                diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
                return nil
            }
            if !keepsPastLimit(key, limit: limit) { return nil }
        }
        accumulators.append(contentsOf: fresh)
        return groups.insert(key, hash: h)
    }

    /// For a partial run holding `limit` groups: whether to add a group for `key`, new here.
    ///
    /// Until the merge has published its groups every group is kept; once it has, the groups past
    /// the first `limit` that it does not hold are removed, and new ones kept only when it holds them.
    private func keepsPastLimit(_ key: [Value], limit: Int) -> Bool {
        if admitted == nil {
            guard let bound, let published = bound.admitted else { return true }
            admitted = published
            let removed = removeGroups { g in g >= limit && published.group(of: groups.key(g)) == nil }
            if removed > 0 { droppedGroups = true }
        }
        if admitted?.group(of: key) != nil { return true }
        droppedGroups = true
        return false
    }

    /// Removes the groups for which `remove` holds, keeping the others' order; returns how many went.
    @discardableResult
    private func removeGroups(where remove: (Int) -> Bool) -> Int {
        var removed: [Bool] = []
        removed.reserveCapacity(groups.count)
        var kept = 0
        for g in 0..<groups.count {
            let goes = remove(g)
            removed.append(goes)
            if goes { continue }
            if kept != g {
                for i in 0..<width { accumulators[kept * width + i] = accumulators[g * width + i] }
            }
            kept += 1
        }
        guard kept < groups.count else { return 0 }
        textIndex.reset()
        accumulators.removeSubrange((kept * width)...)
        if kept * 4 < accumulators.capacity / Swift.max(1, width) { accumulators = GroupTable.fitted(accumulators) }
        return groups.removeGroups(where: { removed[$0] })
    }

    private func output(group: Int?) -> Row {
        var pairs: [(String, Value)] = []
        pairs.reserveCapacity(aggregation.keys.count + width)
        let keyPairs = group.map { g in zip(aggregation.keys, groups.key(g)).map { ($0.name, $1) } } ?? []
        let aggPairs = aggregation.aggregates.enumerated().map { i, call in
            (call.outputName, (group.map { accumulators[$0 * width + i] } ?? fresh[i]).result(separator: call.separator))
        }
        switch aggregation.columnOrder {
        case .keysThenAggregates: pairs = keyPairs + aggPairs
        case .aggregatesThenKeys: pairs = aggPairs + keyPairs
        }
        return Row(ordered: pairs)
    }

    /// Emits the groups whose window ends at or before `millis`, in order of first appearance,
    /// and gives their memory back.
    func advanceWatermark(to millis: Int64) {
        guard let windowKey, !isPartial else { return }
        removeGroups { g in
            guard case .date(let start) = groups.keys[g * groups.width + windowKey.index],
                DateMath.add(start, windowKey.span, sign: 1) <= millis
            else { return false }
            next.push(output(group: g))
            return true
        }
        next.advanceWatermark(to: millis)
    }

    /// Takes `other`'s groups: the key table, its hashing, and every group's accumulators.
    ///
    /// The accumulators share their state objects with `other`'s until either side adds to a
    /// group: `Accumulator` copies its state on write, so neither operator sees the other's rows.
    func copyState(from other: AggregateOperator) {
        groups = other.groups
        textIndex.reset()
        accumulators = other.accumulators
        sawRow = other.sawRow
    }

    /// The groups of a partial operator, handed over once its part of the input has been read.
    func groupState() -> GroupState {
        var handed = groups
        handed.dropIndex()
        let state = GroupState(groups: handed, accumulators: accumulators, sawRow: sawRow, droppedGroups: droppedGroups)
        groups = GroupTable(width: groups.width)
        textIndex.reset()
        accumulators = []
        droppedGroups = false
        return state
    }

    /// Adds the groups of the part of the input that follows what this operator has seen, applying
    /// the group limit as one pass would: groups first seen later are dropped once it is reached.
    func merge(_ state: GroupState) {
        if state.sawRow { sawRow = true }
        let limit = aggregation.groupLimit
        let sameHashing = groups.byteHashing == state.groups.byteHashing
        let keyWidth = state.groups.width
        state.groups.keys.withUnsafeBufferPointer { stateKeys in
            state.accumulators.withUnsafeBufferPointer { stateAccumulators in
                for g in 0..<state.groups.count {
                    let key = UnsafeBufferPointer(rebasing: stateKeys[(g * keyWidth)..<((g + 1) * keyWidth)])
                    let h = sameHashing ? state.groups.hashes[g] : groups.hash(key)
                    let from = g * width
                    let texts = groups.byteHashing ? keyTexts(key) : nil
                    if let slot = mergeSlot(key, texts: texts, dates: mergeDates, hash: h) {
                        let width = self.width
                        accumulators.withUnsafeMutableBufferPointer { accumulators in
                            for i in 0..<width { accumulators[slot * width + i].merge(stateAccumulators[from + i]) }
                        }
                        continue
                    }
                    if let limit, groups.count >= limit {
                        diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
                        continue
                    }
                    let slot = groups.insert(key, hash: h)
                    if let texts, textIndex.mirrored == slot { textIndex.insert(texts, dates: mergeDates, hash: h, group: slot) }
                    accumulators.append(contentsOf: stateAccumulators[from..<(from + width)])
                }
            }
        }
        if state.droppedGroups, let limit {
            diagnostics.markPartial("groupBy reached its limit of \(limit) groups: results are partial (raise limit=)")
        }
        if let bound, let limit, groups.count >= limit { bound.admit(groups) }
    }

    /// The slot of the group `key` (hashed `hash`) while merging, or nil when the table lacks it;
    /// found from `texts` (the key's bytes, when it is all text and dates, with `dates` marking the
    /// dates) through `textIndex` where it can.
    @inline(__always)
    private func mergeSlot(
        _ key: UnsafeBufferPointer<Value>, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>?, dates: UInt64, hash h: Int
    ) -> Int? {
        if let texts {
            if textIndex.mirrored != groups.count { textIndex.sync(groups) }
            if let slot = textIndex.find(texts, dates: dates, hash: h) { return slot }
            if textIndex.isComplete { return nil }
        }
        return groups.find(key, hash: h)
    }

    /// The bytes of a key of `.string` and `.date` values, copied into the operator's scratch
    /// space (valid until the next call), with `mergeDates` set to mark the dates; nil when some
    /// value is neither.
    private func keyTexts(_ key: UnsafeBufferPointer<Value>) -> UnsafeBufferPointer<UnsafeRawBufferPointer>? {
        var total = 0
        for v in key {
            switch v {
            case .string(let s): total += s.utf8.count
            case .date: total += 8
            default: return nil
            }
        }
        if total > mergeByteCapacity {
            mergeBytes.deallocate()
            mergeByteCapacity = Swift.max(total, mergeByteCapacity * 2)
            mergeBytes = .allocate(byteCount: mergeByteCapacity, alignment: 8)
        }
        var at = 0
        mergeDates = 0
        for (k, v) in key.enumerated() {
            let n: Int
            switch v {
            case .string(var s):
                n = s.withUTF8 { u -> Int in
                    if u.count > 0 { (mergeBytes + at).copyMemory(from: u.baseAddress!, byteCount: u.count) }
                    return u.count
                }
            case .date(let ms) where k < 64:
                (mergeBytes + at).storeBytes(of: ms, toByteOffset: 0, as: Int64.self)
                mergeDates |= UInt64(1) << UInt64(k)
                n = 8
            default:
                return nil
            }
            mergeTexts[k] = UnsafeRawBufferPointer(start: mergeBytes + at, count: n)
            at += n
        }
        return UnsafeBufferPointer(mergeTexts)
    }

    func finish() {
        if isPartial { return }
        if groups.count == 0 && !sawRow && aggregation.keys.isEmpty && aggregation.emptyInputGivesRow {
            next.push(output(group: nil))
        }
        if let filter = next as? FilterOperator, let probe = havingProbe(filter.condition) {
            // A filter on the aggregates (a HAVING) is tested on the columns it reads before the
            // whole row is built: most groups of a threshold query fail it.
            for g in 0..<groups.count where filter.evaluator.holds(filter.condition, probe(g)) { next.push(output(group: g)) }
        } else {
            for g in 0..<groups.count { next.push(output(group: g)) }
        }
        groups = GroupTable(width: groups.width)
        textIndex.reset()
        accumulators = []
        next.finish()
    }

    /// For a condition reading only output columns, the row of just those columns for a group;
    /// nil when the condition reads anything else (or nothing).
    private func havingProbe(_ condition: Expression) -> ((Int) -> Row)? {
        let reads = condition.fieldsRead
        guard !reads.isEmpty else { return nil }
        var keyColumns: [(String, Int)] = []
        var aggregateColumns: [(String, Int)] = []
        for name in reads {
            // The last column of a name is the one the row keeps (`Row(ordered:)`).
            let key = aggregation.keys.lastIndex { $0.name == name }
            let aggregate = aggregation.aggregates.lastIndex { $0.outputName == name }
            switch (key, aggregate) {
            case (let k?, nil): keyColumns.append((name, k))
            case (nil, let a?): aggregateColumns.append((name, a))
            default: return nil
            }
        }
        return { [self] g in
            var values: [String: Value] = [:]
            for (name, k) in keyColumns { values[name] = groups.keys[g * groups.width + k] }
            for (name, a) in aggregateColumns {
                values[name] = accumulators[g * width + a].result(separator: aggregation.aggregates[a].separator)
            }
            return Row(values: values)
        }
    }
}
