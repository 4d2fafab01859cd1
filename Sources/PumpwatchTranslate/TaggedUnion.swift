import PumpwatchQuery

/// A union whose branches read the same events, taken apart so that it runs as one pass: each
/// event is tagged with the branch whose leading filters it passes, the rows are grouped by the
/// tag and every branch's keys, and each branch's own filters and assignments then apply to the
/// rows of its tag. LogScale and ES|QL have no union of pipelines; this is how they express one.
///
/// The rewrite keeps the meaning only when no event can pass the leading filters of two branches
/// (a union would count it in both, a tag in one), so that is proved from the filters: two
/// branches must require different exact values of one field (`#event_simpleName`).
struct TaggedUnion {
    struct Branch {
        /// The conjuncts of the branch's leading filters.
        var conditions: [Expression]
        /// Per-event steps after the leading filters and before the aggregate.
        var pre: [PlanStep]
        var aggregation: Aggregation?
        /// Steps after the aggregate.
        var post: [PlanStep]
    }

    var source: SourceSelection
    var branches: [Branch]
    /// The keys of every branch, in order of first appearance.
    var keys: [GroupKey]
    /// The aggregates of every branch, one per output name.
    var aggregates: [AggregateCall]

    /// The branches each aggregate belongs to (1-based), by output name.
    var owners: [String: Set<Int>] = [:]

    var aggregated: Bool { branches.first?.aggregation != nil }

    /// The one-pass form of `plans`, or the reason there is none.
    init(_ plans: [LogicalPlan], refuse: (String, String) -> TranslationError) throws(TranslationError) {
        var parsed: [Branch] = []
        var selection: SourceSelection?
        for plan in plans {
            guard let (s, steps) = PlanStep.linear(plan) else { throw refuse("union", "a branch holds another union") }
            if let selection, selection != s { throw refuse("union", "its branches read different sources") }
            selection = s
            var i = 0
            var conditions: [Expression] = []
            while i < steps.count, case .filter(let e) = steps[i] {
                conditions += TaggedUnion.conjuncts(e)
                i += 1
            }
            var pre: [PlanStep] = []
            var aggregation: Aggregation?
            var post: [PlanStep] = []
            for step in steps[i...] {
                switch step {
                case .aggregate(let a):
                    guard aggregation == nil else { throw refuse("union", "a branch aggregates twice") }
                    aggregation = a
                case .filter, .eval, .dissect, .extract, .project:
                    if aggregation == nil { pre.append(step) } else { post.append(step) }
                case .sort, .limit, .mvExpand:
                    throw refuse("union", "a branch sorts, limits or expands its own rows, which one pass cannot do per branch")
                }
            }
            parsed.append(Branch(conditions: conditions, pre: pre, aggregation: aggregation, post: post))
        }
        guard let selection else { throw refuse("union", "it has no branches") }
        let aggregatedCount = parsed.filter { $0.aggregation != nil }.count
        guard aggregatedCount == 0 || aggregatedCount == parsed.count else {
            throw refuse("union", "some branches aggregate and others return events")
        }
        for i in parsed.indices {
            for j in parsed.indices where j > i {
                guard TaggedUnion.disjoint(parsed[i].conditions, parsed[j].conditions) else {
                    throw refuse(
                        "union",
                        "branches \(i + 1) and \(j + 1) can match the same event, and one pass would count it in one branch only (require different values of one field, such as #event_simpleName, in their first filters)")
                }
            }
        }
        source = selection
        branches = parsed
        keys = []
        aggregates = []
        for (b, branch) in parsed.enumerated() {
            guard let a = branch.aggregation else { continue }
            if let first = parsed[0].aggregation, first.columnOrder != a.columnOrder || first.dropNullKeys != a.dropNullKeys {
                throw refuse("union", "its branches group with different rules")
            }
            for k in a.keys {
                if let other = keys.first(where: { $0.name == k.name }) {
                    if other.expression != k.expression { throw refuse("union", "the branches compute the key \(k.name) differently") }
                } else {
                    keys.append(k)
                }
            }
            for c in a.aggregates {
                if let other = aggregates.first(where: { $0.outputName == c.outputName }) {
                    if other != c { throw refuse("union", "the branches compute \(c.outputName) differently") }
                } else {
                    aggregates.append(c)
                }
                owners[c.outputName, default: []].insert(b + 1)
            }
        }
        let keyNames = Set(keys.map(\.name))
        for c in aggregates where keyNames.contains(c.outputName) {
            throw refuse("union", "\(c.outputName) is a key of one branch and an aggregate of another")
        }
    }

    /// The group limit of the merged aggregation: the largest a branch allows.
    var groupLimit: Int? { branches.compactMap { $0.aggregation?.groupLimit }.max() }

    /// The output columns of a branch's aggregate.
    func columns(of branch: Int) -> Set<String> {
        guard let a = branches[branch - 1].aggregation else { return [] }
        return Set(a.keys.map(\.name) + a.aggregates.map(\.outputName))
    }

    /// The keys and aggregates of other branches, which rows of `branch` must not show.
    func foreignColumns(of branch: Int) -> [String] {
        let own = columns(of: branch)
        return (keys.map(\.name) + aggregates.map(\.outputName)).filter { !own.contains($0) }
    }

    static func conjuncts(_ e: Expression) -> [Expression] {
        if case .binary(.and, let a, let b) = e { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// The exact values a condition requires of a field, when it requires some.
    static func requiredValues(_ e: Expression) -> (field: String, values: Set<String>)? {
        switch e {
        case .fieldMatch(let f, let p, false):
            guard case .exact(let v) = p.kind, !p.caseInsensitive, p.anchored else { return nil }
            return (canonical(f), [v])
        case .binary(.equal, .field(let f), .literal(.string(let v))):
            return (canonical(f), [v])
        case .inList(.field(let f), let items, false):
            var values = Set<String>()
            for i in items {
                guard case .literal(.string(let v)) = i else { return nil }
                values.insert(v)
            }
            return (canonical(f), values)
        case .binary(.or, let a, let b):
            guard let x = requiredValues(a), let y = requiredValues(b), x.field == y.field else { return nil }
            return (x.field, x.values.union(y.values))
        default:
            return nil
        }
    }

    /// `#event_simpleName` and `event_simpleName` are one field.
    static func canonical(_ f: String) -> String { f == "#event_simpleName" ? "event_simpleName" : f }

    /// True when no event passes both lists of conjuncts.
    static func disjoint(_ a: [Expression], _ b: [Expression]) -> Bool {
        let x = a.compactMap(requiredValues), y = b.compactMap(requiredValues)
        for p in x {
            for q in y where p.field == q.field && p.values.isDisjoint(with: q.values) { return true }
        }
        return false
    }
}
