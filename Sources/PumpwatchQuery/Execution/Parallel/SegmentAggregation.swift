import PumpwatchCore

/// The plan below the aggregates of a `ParallelAggregation`, run over one part of the input.
///
/// Events come with the mask of the source leaves whose conditions they met (the reader tested
/// them); each goes down the chains of those leaves into aggregates that keep their groups. One
/// segment is used by one thread at a time; `groupStates()` hands its groups over for merging.
public final class SegmentAggregation {
    private let parallel: ParallelAggregation
    private let evaluator: ExpressionEvaluator
    private let diagnostics = QueryDiagnostics()
    private var entries: [RowOperator] = []
    private var aggregates: [AggregateOperator] = []
    /// Per leaf, the chain run on column values, when the plan has them (`ParallelAggregation.directFields`).
    private var chains: [ColumnarChain] = []
    /// Per leaf, for each input column of its chain, the index of that field in `directFields`.
    private var directSlots: [[Int]] = []
    /// The format of the last event pushed, and whether the plan reads it: asked of the plan's
    /// format set (shared by every thread, and touching it per event costs them all) once per change.
    private var lastFormat: SourceFormat?
    private var lastFormatRead = true

    /// One leaf's chain and aggregate, not retained (`chains` and `aggregates` hold them), and where
    /// its direct slots start in `leafSlots`: walking leaves per event then retains nothing.
    private struct Leaf {
        var chain: Unmanaged<ColumnarChain>
        var aggregate: Unmanaged<AggregateOperator>
        var firstSlot: Int
    }

    private let leaves: UnsafeMutablePointer<Leaf>
    /// One empty text per direct field, for events pushed without their texts.
    private let noTexts: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// `directSlots`, one leaf after another.
    private let leafSlots: UnsafeMutableBufferPointer<Int>

    init(parallel: ParallelAggregation) {
        self.parallel = parallel
        self.evaluator = ExpressionEvaluator(context: parallel.context)
        for ((lower, aggregation), bound) in zip(parallel.lowerParts, parallel.groupBounds) {
            let aggregate = AggregateOperator(
                aggregation: aggregation, evaluator: evaluator, diagnostics: diagnostics, next: CollectingSink(), partial: true,
                bound: bound)
            aggregates.append(aggregate)
            entries.append(SegmentAggregation.compile(lower, next: aggregate, evaluator: evaluator, diagnostics: diagnostics))
            if let direct = parallel.directFields, let chain = ColumnarChain(lower: lower, aggregation: aggregation) {
                chains.append(chain)
                directSlots.append(chain.inputNames.map { direct.firstIndex(of: $0)! })
            }
        }
        if chains.count != aggregates.count {
            chains = []
            directSlots = []
        }
        leaves = .allocate(capacity: max(1, chains.count))
        var slotCount = 0
        for (i, chain) in chains.enumerated() {
            leaves[i] = Leaf(
                chain: Unmanaged.passUnretained(chain), aggregate: Unmanaged.passUnretained(aggregates[i]), firstSlot: slotCount)
            slotCount += directSlots[i].count
        }
        noTexts = .allocate(capacity: parallel.directFields?.count ?? 0)
        noTexts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
        leafSlots = .allocate(capacity: max(1, slotCount))
        _ = leafSlots.initialize(from: directSlots.flatMap { $0 })
    }

    /// Feeds one event given by the values of `ParallelAggregation.directFields`: `value(k)` is the
    /// k-th field's value, asked for only when a chain reads it.
    public func push(value: (Int) -> Value?, format: SourceFormat, leaves: UInt64) {
        push(value: value, texts: UnsafeBufferPointer(noTexts), format: format, leaves: leaves)
    }

    /// Like `push(value:format:leaves:)`; `texts[k]`, when its base address is not nil, is the UTF-8
    /// of the k-th field, whose value is then a `.string` of that plain ASCII text. Group keys given
    /// as text are looked up from their bytes.
    public func push(value: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, format: SourceFormat, leaves: UInt64) {
        if format != lastFormat {
            lastFormat = format
            lastFormatRead = parallel.formats?.contains(format) ?? true
        }
        if !lastFormatRead { return }
        let count = chains.count
        let slots = leafSlots.baseAddress!
        let evaluator = self.evaluator
        for i in 0..<count where i >= 64 || leaves & (UInt64(1) << UInt64(i)) != 0 {
            let leaf = self.leaves[i]
            let first = slots + leaf.firstSlot
            leaf.aggregate._withUnsafeGuaranteedRef { aggregate in
                leaf.chain._withUnsafeGuaranteedRef { chain in
                    chain.push(input: { value(first[$0]) }, texts: texts, slots: first, into: aggregate, evaluator: evaluator)
                }
            }
        }
    }

    deinit {
        leaves.deallocate()
        leafSlots.deallocate()
        noTexts.deallocate()
    }

    /// Feeds one event to the source leaves whose bit is set in `leaves`.
    public func push(_ event: Event, leaves: UInt64) {
        if !chains.isEmpty {
            if let formats = parallel.formats, !formats.contains(event.format) { return }
            for (i, chain) in chains.enumerated() where i >= 64 || leaves & (UInt64(1) << UInt64(i)) != 0 {
                chain.push(input: { event.fields[chain.inputNames[$0]] }, into: aggregates[i], evaluator: evaluator)
            }
            return
        }
        guard let row = QueryExecutor.row(for: event, formats: parallel.formats, metadata: parallel.metadata) else { return }
        if entries.count == 1 {
            if leaves & 1 != 0 { entries[0].push(row) }
            return
        }
        for (i, e) in entries.enumerated() where i >= 64 || leaves & (UInt64(1) << UInt64(i)) != 0 { e.push(row) }
    }

    /// The number of groups each aggregate holds so far, in leaf order.
    var groupCounts: [Int] { aggregates.map(\.groupCount) }

    /// Ends this part of the input; the groups of each aggregate, in leaf order.
    func groupStates() -> [AggregateOperator.GroupState] {
        for e in entries { e.finish() }
        return aggregates.map { $0.groupState() }
    }

    /// Compiles a row-by-row chain onto `next`; returns the operator taking source rows.
    private static func compile(
        _ plan: LogicalPlan, next: RowOperator, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics
    ) -> RowOperator {
        func compile(_ plan: LogicalPlan, next: RowOperator) -> RowOperator {
            SegmentAggregation.compile(plan, next: next, evaluator: evaluator, diagnostics: diagnostics)
        }
        switch plan {
        case .source:
            return next
        case .filter(let c, let e):
            return compile(c, next: FilterOperator(condition: e, evaluator: evaluator, next: next))
        case .eval(let c, let a):
            return compile(c, next: EvalOperator(assignments: a, evaluator: evaluator, next: next))
        case .dissect(let c, let f, let p):
            return compile(c, next: DissectOperator(field: f, pattern: p, evaluator: evaluator, next: next))
        case .extract(let c, let f, let p):
            return compile(c, next: ExtractOperator(field: f, pattern: p, evaluator: evaluator, diagnostics: diagnostics, next: next))
        case .project(let c, let p):
            return compile(c, next: ProjectOperator(projection: p, next: next))
        case .mvExpand(let c, let f):
            return compile(c, next: MvExpandOperator(field: f, next: next))
        case .aggregate, .sort, .limit, .union:
            preconditionFailure("ParallelAggregation only cuts row-by-row chains below its aggregates")
        }
    }
}
