import PumpwatchCore
import PumpwatchQuery

/// Lowers a parsed ES|QL query to the shared `LogicalPlan`.
///
/// Each command becomes one plan node over the plan of the commands before it, with these
/// rules of ES|QL applied:
/// - **Implicit limit.** Elasticsearch caps every result. A query without any `LIMIT` gets
///   `LIMIT 1000` at its end. A query with a `LIMIT` keeps it, capped at 10,000; only
///   `MV_EXPAND` can add rows after a limit, so when one follows the last `LIMIT` the result is
///   capped again at 10,000.
/// - **Top-N.** A `LIMIT` (written or implicit) after `SORT` becomes the sort's `limit`, also
///   when `EVAL`, `KEEP`, `DROP`, `RENAME`, `DISSECT` or `GROK` stand between them, since those
///   keep each row and its order. Two limits in a row keep the smaller.
/// - **STATS.** Aggregates come first in the output, then the BY keys; a null key is a group; a
///   `STATS` without BY gives one row even over no input. An unnamed aggregate or key is named
///   by its text (`COUNT(*)`). An expression over aggregates (`STATS r = SUM(a) / COUNT(*)`)
///   computes hidden aggregates, evaluates the expression after the grouping and drops them.
/// - **GROK types.** `%{NUMBER:bytes:int}` is an `Eval` with a cast after the extraction; it
///   reassigns the columns from the first typed one on, so their order stays as written.
public enum ESQLPlanner {
    /// The rows a query returns when it has no `LIMIT`.
    public static let defaultLimit = 1000
    /// The most rows any query returns.
    public static let maximumLimit = 10_000

    /// The plan of `query`, or the first semantic problem (unknown function, wrong arity, ...).
    public static func plan(_ query: ESQLQuery) throws(QueryError) -> LogicalPlan {
        guard let first = query.commands.first, case .from(let sources, let metadata) = first.kind else {
            throw QueryError(.syntax, "a query must start with FROM", at: query.commands.first?.location, expected: "FROM")
        }
        var plan = LogicalPlan.source(SourceSelection(indexPatterns: sources, metadata: metadata, dialect: .esql))
        var sawLimit = false
        var expandedAfterLimit = false
        for command in query.commands.dropFirst() {
            switch command.kind {
            case .from:
                throw QueryError(.syntax, "FROM can only start a query", at: command.location)
            case .where(let condition):
                plan = .filter(plan, try ExpressionLowering.scalar(condition))
            case .eval(let fields):
                var assignments: [Assignment] = []
                for field in fields {
                    assignments.append(Assignment(name: field.columnName, expression: try ExpressionLowering.scalar(field.expression)))
                }
                plan = .eval(plan, assignments)
            case .stats(let aggregates, let groupings):
                plan = try StatsLowering.plan(input: plan, aggregates: aggregates, groupings: groupings)
            case .keep(let names):
                plan = .project(plan, .keep(names.map(\.text)))
            case .drop(let names):
                plan = .project(plan, .drop(names.map(\.text)))
            case .rename(let pairs):
                plan = .project(plan, .rename(pairs.map { RenamePair(from: $0.old.text, to: $0.new.text) }))
            case .sort(let items):
                var keys: [SortKey] = []
                for item in items {
                    keys.append(SortKey(expression: try ExpressionLowering.scalar(item.expression),
                        order: item.descending ? .descending : .ascending, nullsFirst: item.nullsFirst, comparison: .natural))
                }
                plan = .sort(plan, keys, limit: nil)
            case .limit(let count):
                sawLimit = true
                expandedAfterLimit = false
                plan = applyLimit(min(count, maximumLimit), to: plan)
            case .dissect(let input, let pattern):
                plan = .dissect(plan, field: try ExpressionLowering.scalar(input), pattern: pattern)
            case .grok(let input, let expansion):
                plan = grok(plan, input: try ExpressionLowering.scalar(input), expansion: expansion)
            case .mvExpand(let name):
                if sawLimit { expandedAfterLimit = true }
                plan = .mvExpand(plan, field: name.text)
            }
        }
        if !sawLimit {
            plan = applyLimit(defaultLimit, to: plan)
        } else if expandedAfterLimit {
            plan = applyLimit(maximumLimit, to: plan)
        }
        return plan
    }

    /// Keeps the first `count` rows: merged into a sort or limit below row-preserving nodes, else a new `Limit`.
    static func applyLimit(_ count: Int, to plan: LogicalPlan) -> LogicalPlan {
        sink(count, into: plan) ?? .limit(plan, count: count, from: .head)
    }

    private static func sink(_ count: Int, into plan: LogicalPlan) -> LogicalPlan? {
        switch plan {
        case .sort(let input, let keys, let limit):
            return .sort(input, keys, limit: min(limit ?? count, count))
        case .limit(let input, let existing, .head):
            return .limit(input, count: min(existing, count), from: .head)
        case .eval(let input, let assignments):
            return sink(count, into: input).map { .eval($0, assignments) }
        case .project(let input, let projection):
            return sink(count, into: input).map { .project($0, projection) }
        case .dissect(let input, let field, let pattern):
            return sink(count, into: input).map { .dissect($0, field: field, pattern: pattern) }
        case .extract(let input, let field, let pattern) where !pattern.dropUnmatched:
            return sink(count, into: input).map { .extract($0, field: field, pattern: pattern) }
        default:
            return nil
        }
    }

    static func grok(_ plan: LogicalPlan, input: Expression, expansion: GrokPatterns.Expansion) -> LogicalPlan {
        let pattern = ExtractPattern(source: expansion.source, regex: expansion.regex, groupNames: expansion.groupNames,
            caseInsensitive: false, dropUnmatched: false, anchored: false)
        var result = LogicalPlan.extract(plan, field: input, pattern: pattern)
        guard let firstTyped = expansion.groupTypes.firstIndex(where: { $0 != nil }) else { return result }
        var assignments: [Assignment] = []
        var seen: Set<String> = []
        for i in firstTyped..<expansion.groupNames.count {
            let name = expansion.groupNames[i]
            guard seen.insert(name).inserted else { continue }
            let column = Expression.field(name)
            let type = expansion.groupTypes[i]
            assignments.append(Assignment(name: name, expression: type.map { .cast(column, $0) } ?? column))
        }
        result = .eval(result, assignments)
        return result
    }
}
