import PumpwatchCore
import PumpwatchQuery

/// The ES|QL front end: query text to syntax tree to logical plan.
public enum ESQLFrontEnd {
    /// Parses `text` into its syntax tree, or throws the first syntax error or unsupported command.
    public static func parse(_ text: String) throws(QueryError) -> ESQLQuery {
        try ESQLParser.parse(text)
    }

    /// Parses and plans `text`, or throws the first problem found.
    public static func plan(_ text: String) throws(QueryError) -> LogicalPlan {
        try ESQLPlanner.plan(parse(text))
    }

    /// Every problem in `text`: all syntax errors in query order, or, when it parses, the planning error if any.
    public static func diagnose(_ text: String) -> [QueryError] {
        let (query, diagnostics) = ESQLParser.parseRecovering(text)
        if !diagnostics.isEmpty { return diagnostics }
        do throws(QueryError) {
            _ = try ESQLPlanner.plan(query)
            return []
        } catch {
            return [error]
        }
    }
}
