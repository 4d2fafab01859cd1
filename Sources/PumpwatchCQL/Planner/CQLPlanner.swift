import PumpwatchCore
import PumpwatchQuery

/// Lowers a parsed CQL query to the shared `LogicalPlan`, with LogScale's semantics.
///
/// - The plan starts at `Source [cql]`; a tag filter such as `#event_simpleName = X` is an
///   ordinary field filter (the readers set `#event_simpleName` on Falcon events).
/// - Each stage wraps the plan so far. Filters stay one `Filter` node per stage, so the plan
///   mirrors the query; named regex captures (`Field = /(?<x>...)/`, `regex()`) become `Extract`.
/// - **Implicit tail.** A query with no aggregate returns the last 200 events, as LogScale does:
///   when no `Aggregate`, `Sort` or `Limit` node (from `groupBy`, `count`, `sort`, `head`, `tail`,
///   `table`, ...) appears anywhere in the plan, the planner adds `Limit tail 200` on top.
/// - **`case { ... }` and `match { ... }`** become a `Union` with one branch per clause. Branch
///   *i* keeps the events that satisfy its condition (its leading filter stages) and none of the
///   earlier conditions, then runs its other stages; without a `*` clause unmatched events drop
///   out. This is exact for every event, but the rows of the branches are concatenated in clause
///   order, so row order differs from LogScale's stream order until a sort or an aggregate.
/// - **`union [ ... ]`** (the seed's form) runs its sub-pipeline on the original input and
///   appends its rows after those of the pipeline so far.
/// - Functions that pumpwatch does not run (`match()`, `join()`, `defineTable()`, ...) and query
///   parameters fail with `unsupported: <name>` at their location.
public enum CQLPlanner {
    /// `groupBy()`'s group limit when none is given.
    public static let defaultGroupLimit = 20_000
    /// `groupBy(limit=max)`.
    public static let maximumGroupLimit = 1_000_000
    /// The events a query without an aggregate returns, and the default of `head`, `tail`, `sort` and `table`.
    public static let defaultRowLimit = 200

    /// The plan of `query`.
    public static func plan(_ query: CQLQuery) throws(QueryError) -> LogicalPlan {
        var plan = try apply(query.pipeline, to: source)
        if !aggregates(plan) { plan = .limit(plan, count: defaultRowLimit, from: .tail) }
        return plan
    }

    /// Every CQL query reads all input events; filters narrow them.
    static var source: LogicalPlan { .source(SourceSelection(dialect: .cql)) }

    /// True when the plan holds a node that ends LogScale's event stream (aggregate, sort, limit).
    static func aggregates(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case .aggregate, .sort, .limit: return true
        default: return plan.children.contains(where: aggregates)
        }
    }

    static func apply(_ pipeline: CQLPipeline, to input: LogicalPlan) throws(QueryError) -> LogicalPlan {
        var plan = input
        for stage in pipeline.stages { plan = try apply(stage, to: plan) }
        return plan
    }

    static func apply(_ stage: CQLStage, to plan: LogicalPlan) throws(QueryError) -> LogicalPlan {
        switch stage.kind {
        case .filter(let e):
            return apply(try filterSteps(e), to: plan)
        case .call(let c):
            return try applyCall(c, to: plan)
        case .assignment(let a):
            return .eval(plan, [Assignment(name: a.name, expression: try valueExpression(a.value), skipWhenNull: true)])
        case .where(let e):
            return .filter(plan, try valueExpression(e))
        case .subPipeline(let p):
            return try apply(p, to: plan)
        case .union(let p):
            return .union([plan, try apply(p, to: source)])
        case .caseBlock(let branches):
            var clauses: [BranchClause] = []
            for b in branches { clauses.append(try caseClause(b.pipeline)) }
            return try applyBranches(clauses, to: plan)
        case .match(let field, let branches):
            let name = try fieldName(field, context: "match")
            var clauses: [BranchClause] = []
            for b in branches {
                let condition: Expression? = b.pattern.text == "*" ? nil : .fieldMatch(field: name, try pattern(b.pattern), negated: false)
                clauses.append(BranchClause(condition: condition, extractions: [], stages: b.pipeline.stages[...]))
            }
            return try applyBranches(clauses, to: plan)
        case .aggregateList(let calls):
            var aggregates: [LocatedAggregate] = []
            for c in calls { aggregates += try aggregateCalls(c).map { ($0, c.location) } }
            return .aggregate(plan, try ungrouped(aggregates))
        }
    }

    // MARK: - Branches

    /// One clause of `case` or `match`: its condition (nil matches every event), the extractions
    /// its condition performs, and the stages that follow.
    struct BranchClause {
        var condition: Expression?
        var extractions: [(field: Expression, pattern: ExtractPattern)]
        var stages: ArraySlice<CQLStage>
    }

    /// Splits a `case` branch into its leading filter stages (the condition) and the rest.
    static func caseClause(_ pipeline: CQLPipeline) throws(QueryError) -> BranchClause {
        var conditions: [Expression] = []
        var extractions: [(field: Expression, pattern: ExtractPattern)] = []
        var i = pipeline.stages.startIndex
        while i < pipeline.stages.endIndex, let steps = try conditionSteps(pipeline.stages[i]) {
            for step in steps {
                switch step {
                case .condition(let e): conditions.append(e)
                case .extraction(let field, let p, let condition):
                    if let condition { conditions.append(condition) }
                    extractions.append((field, p))
                }
            }
            i += 1
        }
        return BranchClause(condition: conditions.isEmpty ? nil : allOf(conditions), extractions: extractions, stages: pipeline.stages[i...])
    }

    /// The filter steps of a stage that can serve as a branch condition, or nil.
    static func conditionSteps(_ stage: CQLStage) throws(QueryError) -> [FilterStep]? {
        switch stage.kind {
        case .filter(let e): return try filterSteps(e)
        case .call(let c):
            switch c.canonicalName {
            case "regex": return try regexSteps(c)
            case "in", "test", "wildcard", "cidr": return [.condition(try filterCall(c))]
            default: return nil
            }
        case .where(let e): return [.condition(try valueExpression(e))]
        default: return nil
        }
    }

    /// First matching clause wins: clause *i* keeps events that match it and no earlier clause.
    static func applyBranches(_ clauses: [BranchClause], to input: LogicalPlan) throws(QueryError) -> LogicalPlan {
        var branches: [LogicalPlan] = []
        var earlier: [Expression] = []
        for clause in clauses {
            var guardTerms: [Expression] = []
            if let c = clause.condition { guardTerms.append(c) }
            guardTerms += earlier.map(negate)
            var plan = input
            if !guardTerms.isEmpty { plan = .filter(plan, allOf(guardTerms)) }
            for x in clause.extractions { plan = .extract(plan, field: x.field, pattern: x.pattern) }
            for stage in clause.stages { plan = try apply(stage, to: plan) }
            branches.append(plan)
            guard let c = clause.condition else { break }
            earlier.append(c)
        }
        switch branches.count {
        case 0: return .filter(input, .literal(.bool(false)))
        case 1: return branches[0]
        default: return .union(branches)
        }
    }

    // MARK: - Expression building

    /// `a AND b AND ...`, left to right.
    static func allOf(_ terms: [Expression]) -> Expression {
        var result = terms[0]
        for t in terms.dropFirst() { result = .binary(.and, result, t) }
        return result
    }

    /// `a OR b OR ...`, left to right.
    static func anyOf(_ terms: [Expression]) -> Expression {
        var result = terms[0]
        for t in terms.dropFirst() { result = .binary(.or, result, t) }
        return result
    }

    /// True when the expression is never null (field matches and their combinations).
    static func isTwoValued(_ e: Expression) -> Bool {
        switch e {
        case .fieldMatch, .literal(.bool): return true
        case .binary(.and, let a, let b), .binary(.or, let a, let b): return isTwoValued(a) && isTwoValued(b)
        case .unary(.not, let x): return isTwoValued(x)
        case .call("coalesce", let args): return args.count == 2 && args[1] == .literal(.bool(false))
        default: return false
        }
    }

    /// The negation with CQL's meaning: a filter that fails (also on a missing field or a
    /// non-number) passes when negated. `Field = v` becomes `Field != v` (De Morgan's laws carry
    /// this through `and` and `or`); a comparison that could be null is read as false first.
    static func negate(_ e: Expression) -> Expression {
        switch e {
        case .fieldMatch(let f, let p, let negated): return .fieldMatch(field: f, p, negated: !negated)
        case .unary(.not, let x): return x
        case .binary(.or, let a, let b) where isTwoValued(e): return .binary(.and, negate(a), negate(b))
        case .binary(.and, let a, let b) where isTwoValued(e): return .binary(.or, negate(a), negate(b))
        default:
            return .unary(.not, isTwoValued(e) ? e : .call("coalesce", [e, .literal(.bool(false))]))
        }
    }

    /// A number for a numeric word (`443` is `.int`, `2.5` is `.double`), else nil.
    static func number(_ w: String) -> Value? {
        if let i = Int64(w) { return .int(i) }
        if let d = Value.parseNumber(w), w.utf8.allSatisfy({ $0 != 32 }) { return .double(d) }
        return nil
    }

    /// A literal as a filter compares it: numbers as numbers, anything else as text.
    static func literal(_ e: CQLExpression, after op: String) throws(QueryError) -> Expression {
        switch e.kind {
        case .word(let w): return .literal(number(w) ?? .string(CQLText.literal(w)))
        case .string(let s): return .literal(.string(CQLText.literal(s)))
        case .unary(.negate, let x):
            if case .word(let w) = x.kind, let n = number("-" + w) { return .literal(n) }
        case .parameter(let p): throw unsupportedParameter(p, at: e.location)
        default: break
        }
        throw QueryError(.semantic, "found `\(e)` after `\(op)`", at: e.location, expected: "a number or a string (compare two fields with `test()`)")
    }

    /// The field named on the left of an operator: a word or a quoted name.
    static func fieldName(_ e: CQLExpression, context: String) throws(QueryError) -> String {
        switch e.kind {
        case .word(let w) where !w.isEmpty && !w.contains("*"): return w
        case .string(let s) where !s.isEmpty: return s
        case .parameter(let p): throw unsupportedParameter(p, at: e.location)
        default:
            throw QueryError(.semantic, "found `\(e)` before `\(context)`", at: e.location, expected: "a field name")
        }
    }

    static func unsupportedParameter(_ name: String, at location: SourceLocation) -> QueryError {
        QueryError(.unsupported, "parameter ?\(name)", at: location)
    }

    static func unsupportedSubQuery(at location: SourceLocation) -> QueryError {
        QueryError(.unsupported, "sub-query { ... }", at: location)
    }

    static func unsupported(_ c: CQLFunctionCall) -> QueryError {
        QueryError(.unsupported, c.name, at: c.location)
    }

    /// The pattern of `Field = value`: `*` any value, a value with `*` a glob, a regex
    /// unanchored, anything else the exact text; case-sensitive unless `ignoreCase`.
    static func pattern(_ v: CQLExpression, ignoreCase: Bool = false, anchored: Bool = true) throws(QueryError) -> StringPattern {
        switch v.kind {
        case .word(let t), .string(let t):
            if t == "*" { return StringPattern(.any) }
            if CQLText.hasWildcard(t) {
                return StringPattern(.glob(CQLText.glob(t), questionMark: false), caseInsensitive: ignoreCase, anchored: anchored)
            }
            return StringPattern(.exact(CQLText.literal(t)), caseInsensitive: ignoreCase, anchored: anchored)
        case .regex(let p, let flags):
            return StringPattern(.regex(p), caseInsensitive: ignoreCase || flags.contains("i"), anchored: false)
        case .unary(.negate, let x):
            if case .word(let w) = x.kind { return StringPattern(.exact("-" + w), caseInsensitive: ignoreCase, anchored: anchored) }
        case .parameter(let p):
            throw unsupportedParameter(p, at: v.location)
        case .subQuery:
            throw unsupportedSubQuery(at: v.location)
        default:
            break
        }
        throw QueryError(.semantic, "found `\(v)` where a value is matched", at: v.location, expected: "a value, a \"string\" or a /regex/")
    }
}
