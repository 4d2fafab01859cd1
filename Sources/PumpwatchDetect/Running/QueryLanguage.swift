import PumpwatchCQL
import PumpwatchESQL
import PumpwatchQuery

/// The query languages pumpwatch runs, each with its own front end over the shared plan.
public enum QueryLanguage: String, Sendable, CaseIterable {
    case cql, esql

    /// The language a file extension names (`.cql`, `.logscale`, `.esql`).
    public init?(fileExtension ext: String) {
        switch ext.lowercased() {
        case "cql", "logscale", "humio": self = .cql
        case "esql", "es|ql": self = .esql
        default: return nil
        }
    }

    /// Parses and plans `text` with this language's front end.
    public func plan(_ text: String) throws(QueryError) -> LogicalPlan {
        switch self {
        case .cql: return try CQLFrontEnd.plan(text)
        case .esql: return try ESQLFrontEnd.plan(text)
        }
    }

    /// The dialect whose semantics the plan follows.
    public var dialect: Dialect {
        switch self {
        case .cql: return .cql
        case .esql: return .esql
        }
    }
}
