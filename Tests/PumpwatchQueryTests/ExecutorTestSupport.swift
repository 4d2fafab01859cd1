import PumpwatchCore
@testable import PumpwatchQuery

/// Runs a plan over rows built from dictionaries and returns the result rows.
func runPlan(_ plan: LogicalPlan, _ rows: [[String: Value]], dialect: Dialect = .esql, now: Int64 = 1_800_000_000_000) -> [Row] {
    let ex = QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: now))
    for r in rows { ex.push(row: Row(values: r)) }
    return ex.finish()
}

/// The rows as `name=value` lines in print order, for compact assertions.
func lines(_ rows: [Row]) -> [String] {
    rows.map { r in r.orderedPairs.map { "\($0.0)=\(ResultFormatter.text($0.1))" }.joined(separator: " ") }
}

let esqlSource = LogicalPlan.source(SourceSelection(indexPatterns: ["logs-*"], dialect: .esql))
let cqlSource = LogicalPlan.source(SourceSelection(dialect: .cql))
