import PumpwatchCore

/// Merges the groups of the parts of a parallel run, in input order, and runs the plan above the
/// aggregates on the merged rows.
///
/// The aggregates here are ordinary ones: they apply the group limit (marking the result partial
/// in the run's diagnostics) and emit their rows when `finish()` is called, aggregate after
/// aggregate in plan order, as one pass over the whole input would.
public final class MergedAggregation {
    private let aggregates: [AggregateOperator]
    private let upper: QueryExecutor
    private let sink: RowOperator
    private var finished = false

    init(parallel: ParallelAggregation, diagnostics: QueryDiagnostics, sink: RowOperator) {
        self.sink = sink
        upper = QueryExecutor(plan: parallel.upperPlan, context: parallel.context, sink: sink)
        let evaluator = ExpressionEvaluator(context: parallel.context)
        let entries = upper.sourceOperators
        aggregates = parallel.lowerParts.enumerated().map { i, part in
            AggregateOperator(
                aggregation: part.aggregation, evaluator: evaluator, diagnostics: diagnostics, next: entries[i],
                bound: parallel.groupBounds[i])
        }
    }

    /// Adds the groups of the next part of the input.
    public func merge(_ segment: SegmentAggregation) {
        for (aggregate, state) in zip(aggregates, segment.groupStates()) { aggregate.merge(state) }
    }

    /// Emits the merged groups through the rest of the plan and returns the result rows when they
    /// were collected (the default sink), none when they went to a sink of the caller's.
    @discardableResult
    public func finish() -> [Row] {
        if !finished {
            finished = true
            for a in aggregates { a.finish() }
        }
        return (sink as? CollectingSink)?.rows ?? []
    }
}
