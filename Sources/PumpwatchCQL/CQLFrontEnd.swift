import PumpwatchCore
import PumpwatchQuery

/// The entry point of the CQL (LogScale query language) front end: text to syntax tree, logical
/// plan, or lint findings.
///
/// ```swift
/// let plan = try CQLFrontEnd.plan(#"#event_simpleName = "DnsRequest" | groupBy(aid)"#)
/// print(PlanPrinter.print(plan))
/// ```
public enum CQLFrontEnd {
    /// Parses `text`; throws the first syntax error (by position) when there is one.
    public static func parse(_ text: String) throws(QueryError) -> CQLQuery {
        let (query, diagnostics) = CQLParser.parse(text)
        if let first = diagnostics.first { throw first }
        return query
    }

    /// Every syntax error in `text`, in text order (the parser recovers at the next `|`).
    public static func diagnose(_ text: String) -> [QueryError] {
        CQLParser.parse(text).diagnostics
    }

    /// Parses `text` and lowers it to the shared logical plan.
    public static func plan(_ text: String) throws(QueryError) -> LogicalPlan {
        try CQLPlanner.plan(try parse(text))
    }

    /// Parses `text` and names the constructs that would not run on LogScale, with their
    /// locations and real-CQL replacements.
    public static func lint(_ text: String) throws(QueryError) -> [CQLLintFinding] {
        CQLLinter.lint(try parse(text))
    }
}
