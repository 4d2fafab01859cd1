import PumpwatchCore

/// A plan cut at its aggregates so that parts of the input can be read on separate threads.
///
/// A plan splits when every `source` leaf reaches an aggregate through row-by-row operators only
/// (filter, eval, dissect, extract, project, mv_expand): no sort, limit, union or other aggregate
/// in between. Each part of the input then runs the plan below those aggregates on its own
/// (`SegmentAggregation`, with aggregates that keep their groups), the parts' groups merge in input
/// order, and the rest of the plan (filters, evals, sorts, limits, unions above the aggregates)
/// runs once on the merged rows (`MergedAggregation`). The LogScale seed, a union of two
/// aggregating branches, splits into one aggregate per branch.
///
/// Filter conjuncts below the aggregates that read only source fields, with no operator under them
/// assigning those fields, are taken out of the plan as `conditions` for the reader to test before
/// building events (`leafConditions` lists, per source leaf, the ones its rows must meet). The
/// plan parts compiled here no longer test them.
public final class ParallelAggregation: @unchecked Sendable {
    /// The plan as given.
    public let plan: LogicalPlan
    public let context: ExecutionContext
    /// The conditions taken out of the plan, in plan order.
    public let conditions: [PushedCondition]
    /// For each source leaf, in plan order, the indices of the conditions its rows must meet.
    public let leafConditions: [[Int]]
    /// The fields the plan reads, and the formats.
    public let projection: FieldProjection
    /// The fields the plan reads once the conditions are taken out: what events must carry.
    public let rowProjection: FieldProjection
    /// The source fields the lower parts read, when every part runs on column values
    /// (`ColumnarChain`): a reader may then hand events over as these fields' values.
    public let directFields: [String]?
    public let formats: Set<SourceFormat>?

    /// Per leaf: the plan below its aggregate (conditions removed) and the aggregation.
    let lowerParts: [(plan: LogicalPlan, aggregation: Aggregation)]
    /// The plan above the aggregates, each aggregate replaced by a source.
    let upperPlan: LogicalPlan
    let metadata: Set<String>
    /// Per leaf: what lets its segments leave groups out, when its aggregation has a group limit.
    /// One split serves one run: the merge of that run publishes into these.
    let groupBounds: [PartialGroupBound?]

    /// Splits `plan`; nil when it does not split (no aggregate above some source, or a sort, limit
    /// or union between a source and its aggregate).
    public init?(plan: LogicalPlan, context: ExecutionContext) {
        guard let (upper, lowers) = ParallelAggregation.split(plan) else { return nil }
        self.plan = plan
        self.context = context
        self.upperPlan = upper
        self.projection = PlanAnalysis.requiredFields(plan)
        self.formats = SourceBinding.formats(for: plan)
        self.metadata = Set(plan.sources.flatMap(\.metadata))
        let evaluator = ExpressionEvaluator(context: context)
        var conditions: [PushedCondition] = []
        var leafConditions: [[Int]] = []
        var parts: [(LogicalPlan, Aggregation)] = []
        for (lower, aggregation) in lowers {
            let (rewritten, pushed, _, _) = ParallelAggregation.pushDown(lower, metadata: metadata)
            var indices: [Int] = []
            for e in pushed {
                let c = PushedCondition(expression: e, dialect: context.dialect, evaluator: evaluator)
                if let i = conditions.firstIndex(of: c) {
                    indices.append(i)
                } else {
                    conditions.append(c)
                    indices.append(conditions.count - 1)
                }
            }
            leafConditions.append(indices)
            parts.append((rewritten, aggregation))
        }
        self.conditions = conditions
        self.leafConditions = leafConditions
        self.lowerParts = parts
        self.groupBounds = parts.map { $0.1.groupLimit == nil ? nil : PartialGroupBound() }
        var rowFields = Set<String>()
        for (lower, aggregation) in parts {
            rowFields.formUnion(PlanAnalysis.requiredFields(.aggregate(lower, aggregation)).names ?? [])
        }
        self.rowProjection = FieldProjection(names: rowFields)
        var direct = Set<String>()
        var allColumnar = metadata.isEmpty
        for (lower, aggregation) in parts {
            guard let chain = ColumnarChain(lower: lower, aggregation: aggregation) else {
                allColumnar = false
                break
            }
            direct.formUnion(chain.inputNames)
        }
        self.directFields = allColumnar ? direct.sorted() : nil
    }

    /// The evaluator of the conditions for one thread.
    public func makeConditionEvaluator() -> PushedConditionEvaluator {
        PushedConditionEvaluator(conditions: conditions, context: context)
    }

    /// A fresh run of the lower plan parts for one part of the input (one thread at a time).
    public func makeSegment() -> SegmentAggregation {
        SegmentAggregation(parallel: self)
    }

    /// The stage that merges the parts' groups and runs the upper plan; its warnings and partial
    /// results go to `diagnostics`, its result rows to `sink` (collected for `finish()` unless
    /// given). Make one per split: the segments of a run and its merge share what lets segments of
    /// a limited `groupBy` leave groups out (`PartialGroupBound`).
    public func makeMerge(diagnostics: QueryDiagnostics, sink: RowOperator = CollectingSink()) -> MergedAggregation {
        MergedAggregation(parallel: self, diagnostics: diagnostics, sink: sink)
    }

    // MARK: - Splitting

    /// The plan above the aggregates and, per source leaf, the plan below its aggregate.
    static func split(_ plan: LogicalPlan) -> (LogicalPlan, [(LogicalPlan, Aggregation)])? {
        switch plan {
        case .source:
            return nil
        case .aggregate(let child, let aggregation):
            guard isRowByRow(child), let selection = child.sources.first else { return nil }
            return (.source(selection), [(child, aggregation)])
        case .filter(let c, let e):
            return split(c).map { (.filter($0.0, e), $0.1) }
        case .eval(let c, let a):
            return split(c).map { (.eval($0.0, a), $0.1) }
        case .sort(let c, let keys, let limit):
            return split(c).map { (.sort($0.0, keys, limit: limit), $0.1) }
        case .limit(let c, let count, let end):
            return split(c).map { (.limit($0.0, count: count, from: end), $0.1) }
        case .dissect(let c, let f, let p):
            return split(c).map { (.dissect($0.0, field: f, pattern: p), $0.1) }
        case .extract(let c, let f, let p):
            return split(c).map { (.extract($0.0, field: f, pattern: p), $0.1) }
        case .project(let c, let p):
            return split(c).map { (.project($0.0, p), $0.1) }
        case .mvExpand(let c, let f):
            return split(c).map { (.mvExpand($0.0, field: f), $0.1) }
        case .union(let branches):
            var uppers: [LogicalPlan] = []
            var lowers: [(LogicalPlan, Aggregation)] = []
            for b in branches {
                guard let (u, l) = split(b) else { return nil }
                uppers.append(u)
                lowers.append(contentsOf: l)
            }
            return (.union(uppers), lowers)
        }
    }

    /// True when `plan` is a chain of row-by-row operators down to one source.
    static func isRowByRow(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case .source: return true
        case .filter(let c, _), .eval(let c, _), .dissect(let c, _, _), .extract(let c, _, _), .project(let c, _), .mvExpand(let c, _):
            return isRowByRow(c)
        case .aggregate, .sort, .limit, .union: return false
        }
    }

    // MARK: - Condition pushdown

    /// Takes out of a row-by-row chain the filter conjuncts that can be tested on source fields.
    ///
    /// Returns the chain without them, the conjuncts, the names assigned below the current node,
    /// and whether something below (project, mv_expand) stops further pushing.
    static func pushDown(_ plan: LogicalPlan, metadata: Set<String>) -> (LogicalPlan, [Expression], Set<String>, Bool) {
        switch plan {
        case .source:
            return (plan, [], [], false)
        case .filter(let c, let e):
            let (child, pushed, assigned, stopped) = pushDown(c, metadata: metadata)
            if stopped { return (.filter(child, e), pushed, assigned, true) }
            var kept: [Expression] = []
            var taken: [Expression] = []
            for conjunct in conjuncts(e) {
                let reads = conjunct.fieldsRead
                if reads.isDisjoint(with: assigned) && reads.isDisjoint(with: metadata) { taken.append(conjunct) } else { kept.append(conjunct) }
            }
            let rest = kept.isEmpty ? child : .filter(child, kept.dropFirst().reduce(kept[0]) { .binary(.and, $0, $1) })
            return (rest, pushed + taken, assigned, false)
        case .eval(let c, let a):
            let (child, pushed, assigned, stopped) = pushDown(c, metadata: metadata)
            return (.eval(child, a), pushed, assigned.union(a.map(\.name)), stopped)
        case .dissect(let c, let f, let p):
            let (child, pushed, assigned, stopped) = pushDown(c, metadata: metadata)
            return (.dissect(child, field: f, pattern: p), pushed, assigned.union(p.outputNames), stopped)
        case .extract(let c, let f, let p):
            let (child, pushed, assigned, stopped) = pushDown(c, metadata: metadata)
            return (.extract(child, field: f, pattern: p), pushed, assigned.union(p.groupNames), stopped)
        case .project(let c, let p):
            let (child, pushed, assigned, _) = pushDown(c, metadata: metadata)
            return (.project(child, p), pushed, assigned, true)
        case .mvExpand(let c, let f):
            let (child, pushed, assigned, _) = pushDown(c, metadata: metadata)
            return (.mvExpand(child, field: f), pushed, assigned, true)
        case .aggregate, .sort, .limit, .union:
            return (plan, [], [], true)
        }
    }

    /// The operands of a chain of `AND`s.
    static func conjuncts(_ e: Expression) -> [Expression] {
        if case .binary(.and, let a, let b) = e { return conjuncts(a) + conjuncts(b) }
        return [e]
    }
}
