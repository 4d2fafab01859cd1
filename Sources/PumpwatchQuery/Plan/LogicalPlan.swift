import PumpwatchCore

/// The shared logical plan that both query languages lower to, and that one executor runs.
///
/// Each case names one operator; `--explain` prints the same names, and the executor has one
/// operator type per case (`FilterOperator`, `AggregateOperator`, ...).
public indirect enum LogicalPlan: Sendable {
    /// The events of the inputs that match the selection.
    case source(SourceSelection)
    /// Keeps rows whose condition is true.
    case filter(LogicalPlan, Expression)
    /// Assigns computed columns, left to right.
    case eval(LogicalPlan, [Assignment])
    /// Groups rows and computes aggregates (CQL `groupBy`, ES|QL `STATS ... BY`).
    case aggregate(LogicalPlan, Aggregation)
    /// Orders rows; keeps the first `limit` when set.
    case sort(LogicalPlan, [SortKey], limit: Int?)
    /// Keeps the first (`head`) or last (`tail`) `count` rows.
    case limit(LogicalPlan, count: Int, from: LimitEnd)
    /// Runs every branch over the same input events and concatenates their rows, in branch order.
    case union([LogicalPlan])
    /// Splits a string field into columns by a DISSECT pattern; nulls when it does not match.
    case dissect(LogicalPlan, field: Expression, pattern: DissectPattern)
    /// Extracts named groups of a regular expression into columns (ES|QL `GROK`, CQL `regex()`).
    case extract(LogicalPlan, field: Expression, pattern: ExtractPattern)
    /// Chooses, orders, renames and drops columns.
    case project(LogicalPlan, Projection)
    /// Turns a multi-valued column into one row per value.
    case mvExpand(LogicalPlan, field: String)

    /// The plan below this node (the first input for `union`).
    public var children: [LogicalPlan] {
        switch self {
        case .source: return []
        case .filter(let p, _), .eval(let p, _), .aggregate(let p, _), .sort(let p, _, _), .limit(let p, _, _),
            .dissect(let p, _, _), .extract(let p, _, _), .project(let p, _), .mvExpand(let p, _):
            return [p]
        case .union(let branches): return branches
        }
    }

    /// The operator name, the same in every layer.
    public var operatorName: String {
        switch self {
        case .source: return "Source"
        case .filter: return "Filter"
        case .eval: return "Eval"
        case .aggregate: return "Aggregate"
        case .sort: return "Sort"
        case .limit: return "Limit"
        case .union: return "Union"
        case .dissect: return "Dissect"
        case .extract: return "Extract"
        case .project: return "Project"
        case .mvExpand: return "MvExpand"
        }
    }

    /// The source selections the plan reads (one per `source` leaf).
    public var sources: [SourceSelection] {
        if case .source(let s) = self { return [s] }
        return children.flatMap(\.sources)
    }
}

/// Which input events a query reads: ES|QL index patterns, or CQL's implicit "all events"
/// narrowed by tag filters. Binding happens when data is read, so any pattern plans.
public struct SourceSelection: Sendable, Hashable {
    /// ES|QL `FROM` patterns (`logs-aws.cloudtrail-*`); empty for CQL.
    public var indexPatterns: [String]
    /// `METADATA` fields asked for (`_id`, `_index`, `_version`).
    public var metadata: [String]
    /// The semantics of the query language that produced the plan.
    public var dialect: Dialect

    public init(indexPatterns: [String] = [], metadata: [String] = [], dialect: Dialect) {
        self.indexPatterns = indexPatterns
        self.metadata = metadata
        self.dialect = dialect
    }
}

/// The query language whose semantics a plan follows where the two differ.
public enum Dialect: String, Sendable, Hashable {
    case cql, esql
}

/// `name = expression` in an eval.
public struct Assignment: Sendable, Hashable {
    public var name: String
    public var expression: Expression
    /// CQL leaves the target unassigned when the expression gives null; ES|QL assigns null.
    public var skipWhenNull: Bool

    public init(name: String, expression: Expression, skipWhenNull: Bool = false) {
        self.name = name
        self.expression = expression
        self.skipWhenNull = skipWhenNull
    }
}

/// A group key: the output column name and the expression grouped on.
public struct GroupKey: Sendable, Hashable {
    public var name: String
    public var expression: Expression
    public init(name: String, expression: Expression) {
        self.name = name
        self.expression = expression
    }
}

/// The aggregate functions both languages share.
public enum AggregateFunction: String, Sendable, Hashable {
    /// Rows (`count()`, `COUNT(*)`).
    case count
    /// Non-null values of the argument (each element of a multi-value counts).
    case countValues = "count_values"
    /// Distinct non-null values (exact).
    case countDistinct = "count_distinct"
    case sum, avg, min, max
    /// Distinct values, as a multi-value (ES|QL `VALUES`) or joined text (CQL `collect`).
    case values
    /// The value of the row with the latest `@timestamp` (CQL `selectLast`).
    case last
    /// The value of the first row seen.
    case first
}

/// One aggregate: function, argument, output column and options.
public struct AggregateCall: Sendable, Hashable {
    public var function: AggregateFunction
    /// The argument; nil for `count()` / `COUNT(*)`.
    public var argument: Expression?
    public var outputName: String
    /// For `values`: at most this many distinct values are kept (CQL `collect(limit=)`).
    public var limit: Int?
    /// For `values`: join into one string with this separator (CQL `collect`); nil gives a multi-value.
    public var separator: String?
    /// Rows where this is not true are skipped by this aggregate only (ES|QL `STATS ... WHERE`).
    public var filter: Expression?

    public init(function: AggregateFunction, argument: Expression?, outputName: String, limit: Int? = nil, separator: String? = nil, filter: Expression? = nil) {
        self.function = function
        self.argument = argument
        self.outputName = outputName
        self.limit = limit
        self.separator = separator
        self.filter = filter
    }
}

/// Grouping and aggregation, with the output column order of the language.
public struct Aggregation: Sendable, Hashable {
    public enum ColumnOrder: String, Sendable, Hashable {
        /// ES|QL STATS: aggregates as written, then the BY keys.
        case aggregatesThenKeys
        /// CQL groupBy: keys, then the aggregates.
        case keysThenAggregates
    }
    public var keys: [GroupKey]
    public var aggregates: [AggregateCall]
    public var columnOrder: ColumnOrder
    /// The most groups kept (CQL `groupBy(limit=)`, default 20,000); past it the result is partial.
    public var groupLimit: Int?
    /// Rows whose key is null: ES|QL groups them under null, CQL drops them.
    public var dropNullKeys: Bool
    /// Without keys and with no input rows, ES|QL still returns one row.
    public var emptyInputGivesRow: Bool

    public init(keys: [GroupKey], aggregates: [AggregateCall], columnOrder: ColumnOrder, groupLimit: Int? = nil, dropNullKeys: Bool, emptyInputGivesRow: Bool) {
        self.keys = keys
        self.aggregates = aggregates
        self.columnOrder = columnOrder
        self.groupLimit = groupLimit
        self.dropNullKeys = dropNullKeys
        self.emptyInputGivesRow = emptyInputGivesRow
    }
}

/// One sort key.
public struct SortKey: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable { case ascending = "ASC", descending = "DESC" }
    public enum Comparison: String, Sendable, Hashable {
        /// Compare by type: numbers numerically, strings lexically (ES|QL).
        case natural
        /// Compare as numbers; non-numbers last (CQL `type=number`, the default).
        case number
        /// Compare as strings (CQL `type=string`).
        case string
        /// Compare hexadecimal text as numbers (CQL `type=hex`).
        case hex
    }
    public var expression: Expression
    public var order: Order
    /// Where nulls go; nil means the language default (ES|QL: last ascending, first descending).
    public var nullsFirst: Bool?
    public var comparison: Comparison

    public init(expression: Expression, order: Order, nullsFirst: Bool? = nil, comparison: Comparison = .natural) {
        self.expression = expression
        self.order = order
        self.nullsFirst = nullsFirst
        self.comparison = comparison
    }
}

/// Which end of the stream `limit` keeps.
public enum LimitEnd: String, Sendable, Hashable {
    case head, tail
}

/// Column selection: keep (with wildcards), drop, rename.
public enum Projection: Sendable, Hashable {
    /// Keep only matching columns, in the order of the patterns (ES|QL `KEEP`, CQL `table`/`select`).
    case keep([String])
    /// Remove matching columns.
    case drop([String])
    /// Rename columns, left to right.
    case rename([RenamePair])
}

/// `from AS to`.
public struct RenamePair: Sendable, Hashable {
    public var from: String
    public var to: String
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}
