import PumpwatchCore

/// Runs a logical plan incrementally over a stream of events.
///
/// Build it from a plan, `push` events as they are read (from files, `watch` or `serve`), and
/// call `finish()` when the stream ends. State is limited to what the plan's operators keep.
///
/// An endless stream reads its results as of now from a `copy()`: finishing the copy gives what
/// `finish()` would give if the stream ended here, while this executor keeps taking events.
public final class QueryExecutor {
    public let plan: LogicalPlan
    public let context: ExecutionContext
    public let diagnostics = QueryDiagnostics()
    /// The fields the plan reads; readers may drop the rest.
    public let projection: FieldProjection
    /// The input formats the plan reads; nil for all.
    public let formats: Set<SourceFormat>?
    private let evaluator: ExpressionEvaluator
    private var entries: [RowOperator] = []
    private let sink: RowOperator
    private var headLimits: [LimitOperator] = []
    /// The operators that keep state between rows, in compile order (the same for every compile of a plan).
    private var statefulOperators: [any OperatorStateCopying] = []
    private let metadata: Set<String>
    private var finished = false

    /// Runs `plan`, delivering result rows to `sink`.
    public init(plan: LogicalPlan, context: ExecutionContext, sink: RowOperator) {
        self.plan = plan
        self.context = context
        self.sink = sink
        self.evaluator = ExpressionEvaluator(context: context)
        self.projection = PlanAnalysis.requiredFields(plan)
        self.formats = SourceBinding.formats(for: plan)
        self.metadata = Set(plan.sources.flatMap(\.metadata))
        self.entries = compile(plan, next: sink)
    }

    /// Runs `plan`, collecting result rows for `finish()` to return.
    public convenience init(plan: LogicalPlan, context: ExecutionContext) {
        self.init(plan: plan, context: context, sink: CollectingSink())
    }

    /// True when the plan can take no more rows (a `LIMIT` with no sort before it is full).
    public var isSaturated: Bool {
        !headLimits.isEmpty && headLimits.allSatisfy(\.isSaturated) && entries.count == 1
    }

    /// Feeds one event to every source of the plan.
    public func push(_ event: Event) {
        guard let row = QueryExecutor.row(for: event, formats: formats, metadata: metadata) else { return }
        for e in entries { e.push(row) }
    }

    /// The row a source gives for `event`, with the `METADATA` fields asked for; nil when the plan
    /// does not read the event's format.
    static func row(for event: Event, formats: Set<SourceFormat>?, metadata: Set<String>) -> Row? {
        if let formats, !formats.contains(event.format) { return nil }
        var values = event.fields
        if !metadata.isEmpty {
            if metadata.contains("_index") { values["_index"] = .string(SourceBinding.indexName(of: event.format)) }
            if metadata.contains("_id") { values["_id"] = event.fields["event.id"] ?? .string(event.origin.description) }
            if metadata.contains("_version") { values["_version"] = .int(1) }
        }
        return Row(values: values, origin: event.origin)
    }

    /// The operators that take source rows, one per `source` leaf of the plan, in plan order.
    var sourceOperators: [RowOperator] { entries }

    /// Feeds one prepared row (tests and the reference evaluator use this).
    public func push(row: Row) {
        for e in entries { e.push(row) }
    }

    /// Tells windowed operators that no event older than `millis` will arrive.
    public func advanceWatermark(to millis: Int64) {
        for e in entries { e.advanceWatermark(to: millis) }
    }

    /// Ends the stream; returns the collected rows when built with the collecting sink.
    @discardableResult
    public func finish() -> [Row] {
        if !finished {
            finished = true
            for e in entries { e.finish() }
        }
        return (sink as? CollectingSink)?.rows ?? []
    }

    /// An independent executor in this one's state, collecting its result rows for `finish()`.
    ///
    /// It has the same plan and context, equal operator state and the same warnings; when this
    /// executor collects its rows, the rows collected so far are carried over. Events pushed to
    /// either executor afterwards never reach the other, so `copy().finish()` gives the results
    /// as if the stream ended now, and this executor goes on as if it had not been copied.
    public func copy() -> QueryExecutor {
        copy(sink: CollectingSink(rows: (sink as? CollectingSink)?.rows ?? []))
    }

    /// An independent executor in this one's state that delivers its result rows to `sink`.
    ///
    /// Rows this executor has already delivered to its own sink (a head `LIMIT`'s rows, windows
    /// closed by a watermark) are not delivered again: `sink` receives only the rows still to come.
    public func copy(sink: RowOperator) -> QueryExecutor {
        let copy = QueryExecutor(plan: plan, context: context, sink: sink)
        copy.diagnostics.copyState(from: diagnostics)
        copy.finished = finished
        precondition(copy.statefulOperators.count == statefulOperators.count, "a plan compiles to the same operators every time")
        for (target, source) in zip(copy.statefulOperators, statefulOperators) {
            let copied = target.copyState(fromOperator: source)
            precondition(copied, "a plan compiles to the same operators every time")
        }
        return copy
    }

    /// Columns that hold `date_trunc(span, @timestamp)` when rows leave `plan`: assigned by an
    /// `eval` and not reassigned between it and the top (filters, sorts and limits pass them on).
    static func timeBucketColumns(_ plan: LogicalPlan) -> [String: TimeSpan] {
        var found: [String: TimeSpan] = [:]
        var shadowed = Set<String>()
        var node = plan
        while true {
            switch node {
            case .filter(let c, _), .sort(let c, _, _), .limit(let c, _, _):
                node = c
            case .eval(let c, let assignments):
                for a in assignments.reversed() where !shadowed.contains(a.name) {
                    shadowed.insert(a.name)
                    if case .call("date_trunc", let args) = a.expression, args.count == 2, case .timeSpan(let span) = args[0],
                        case .field("@timestamp") = args[1], !a.skipWhenNull
                    {
                        found[a.name] = span
                    }
                }
                node = c
            default:
                return found
            }
        }
    }

    /// Compiles `plan` onto `next`; returns the operators that take source rows.
    private func compile(_ plan: LogicalPlan, next: RowOperator) -> [RowOperator] {
        switch plan {
        case .source:
            return [next]
        case .filter(let c, let e):
            return compile(c, next: FilterOperator(condition: e, evaluator: evaluator, next: next))
        case .eval(let c, let a):
            return compile(c, next: EvalOperator(assignments: a, evaluator: evaluator, next: next))
        case .aggregate(let c, let a):
            let op = AggregateOperator(
                aggregation: a, evaluator: evaluator, diagnostics: diagnostics, next: next, timeColumns: QueryExecutor.timeBucketColumns(c))
            statefulOperators.append(op)
            return compile(c, next: op)
        case .sort(let c, let keys, let limit):
            let op = SortOperator(keys: keys, limit: limit, evaluator: evaluator, next: next)
            statefulOperators.append(op)
            return compile(c, next: op)
        case .limit(let c, let count, let end):
            let op = LimitOperator(count: count, end: end, next: next)
            if end == .head, c.isStreaming { headLimits.append(op) }
            statefulOperators.append(op)
            return compile(c, next: op)
        case .union(let branches):
            let union = UnionOperator(branches: branches.count, next: next)
            statefulOperators.append(union)
            return branches.enumerated().flatMap { compile($1, next: union.input($0)) }
        case .dissect(let c, let f, let p):
            return compile(c, next: DissectOperator(field: f, pattern: p, evaluator: evaluator, next: next))
        case .extract(let c, let f, let p):
            return compile(c, next: ExtractOperator(field: f, pattern: p, evaluator: evaluator, diagnostics: diagnostics, next: next))
        case .project(let c, let p):
            return compile(c, next: ProjectOperator(projection: p, next: next))
        case .mvExpand(let c, let f):
            return compile(c, next: MvExpandOperator(field: f, next: next))
        }
    }
}

extension LogicalPlan {
    /// True when rows pass through in input order with no buffering operator below.
    var isStreaming: Bool {
        switch self {
        case .source: return true
        case .aggregate, .sort, .union: return false
        case .limit(_, _, let end): return end == .head && children.allSatisfy(\.isStreaming)
        default: return children.allSatisfy(\.isStreaming)
        }
    }
}
