#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PumpwatchCore
import PumpwatchQuery
import PumpwatchSources

/// Runs one planned query over files and folders: reads only the formats and fields the plan
/// needs, streams the events through the executor, and stops early once a `LIMIT` is full.
///
/// A plan whose sources all feed aggregates (`ParallelAggregation`) runs on `workers` threads:
/// files, and ranges of large NDJSON files, are read in parallel, each into aggregates of its own,
/// which merge in input order before the rest of the plan runs; filters below the aggregates are
/// tested by the readers before events are built. The result is the one a single pass gives.
/// Strict runs, and plans that do not split, read on one thread.
public final class QueryRunner {
    /// What a run produced.
    public struct Result: Sendable {
        public var rows: [Row]
        public var warnings: [String]
        public var partial: Bool
        public var files: [FileSummary]
    }

    public let plan: LogicalPlan
    public let dialect: Dialect
    public let nowMillis: Int64
    public var strict = false
    public var showsProgress = true
    /// Threads reading in parallel; 1 reads on one worker thread. Defaults to the number of cores.
    public var workers = QueryRunner.defaultWorkers
    /// False runs every plan the single-threaded way (also `PUMPWATCH_THREADS=0`).
    public var allowsParallel = QueryRunner.defaultWorkers > 0

    public init(plan: LogicalPlan, dialect: Dialect, nowMillis: Int64) {
        self.plan = plan
        self.dialect = dialect
        self.nowMillis = nowMillis
    }

    /// The number of online processors, at least 1; `PUMPWATCH_THREADS` overrides it, and 0 there
    /// turns parallel runs off.
    public static var defaultWorkers: Int {
        if let text = getenv("PUMPWATCH_THREADS").map({ String(cString: $0) }), let n = Int(text), n >= 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    private struct StopReading: Error {}

    /// Reads `paths` and returns the result rows; malformed records go to `onMalformed`.
    public func run(paths: [String], onMalformed: (MalformedRecord) -> Void) throws -> Result {
        try run(paths: paths, sink: CollectingSink(), onMalformed: onMalformed)
    }

    /// Reads `paths` and hands each result row to `onRow` as the plan produces it, keeping none
    /// (the result's `rows` is empty); malformed records go to `onMalformed`.
    public func run(paths: [String], onMalformed: (MalformedRecord) -> Void, onRow: @escaping (Row) -> Void) throws -> Result {
        try run(paths: paths, sink: CallbackSink(onRow), onMalformed: onMalformed)
    }

    private func run(paths: [String], sink: RowOperator, onMalformed: (MalformedRecord) -> Void) throws -> Result {
        let context = ExecutionContext(dialect: dialect, nowMillis: nowMillis)
        let executor = QueryExecutor(plan: plan, context: context, sink: sink)
        if allowsParallel, workers > 0, !strict, let parallel = ParallelAggregation(plan: plan, context: context), parallel.leafConditions.count <= 64 {
            return try runParallel(parallel, diagnostics: executor.diagnostics, sink: sink, paths: paths, onMalformed: onMalformed)
        }
        var options = ReadOptions()
        options.projection = executor.projection
        options.formats = executor.formats
        options.strict = strict
        options.showsProgress = showsProgress
        let reader = SourceReader(options: options)
        var files: [FileSummary] = []
        do {
            files = try reader.read(paths: paths, onEvent: { event in
                executor.push(event)
                if executor.isSaturated { throw StopReading() }
            }, onMalformed: onMalformed)
        } catch is StopReading {
            // A full LIMIT needs no more input.
        }
        let rows = executor.finish()
        return Result(rows: rows, warnings: executor.diagnostics.warnings, partial: executor.diagnostics.partial, files: files)
    }

    /// Runs the plan over events already in memory (rule tests, the guard's replay).
    public func run(events: [Event]) -> Result {
        let executor = QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: nowMillis))
        for e in events {
            if let f = executor.formats, !f.contains(e.format) { continue }
            var e = e
            executor.projection.apply(to: &e.fields)
            executor.push(e)
        }
        let rows = executor.finish()
        return Result(rows: rows, warnings: executor.diagnostics.warnings, partial: executor.diagnostics.partial, files: [])
    }

    /// Runs a split plan on `workers` threads.
    private func runParallel(
        _ parallel: ParallelAggregation, diagnostics: QueryDiagnostics, sink: RowOperator, paths: [String],
        onMalformed: (MalformedRecord) -> Void
    ) throws -> Result {
        var options = ReadOptions()
        options.projection = parallel.projection
        options.formats = parallel.formats
        options.showsProgress = showsProgress
        let filter = EventFilter(
            conditions: parallel.conditions.map(QueryRunner.eventCondition),
            branches: parallel.leafConditions,
            eventFields: parallel.rowProjection,
            directFields: parallel.directFields,
            makeTester: { PushedConditionTester(parallel.makeConditionEvaluator()) })
        let reader = ParallelSourceReader(options: options, filter: filter, workers: workers)
        // `_id` falls back to the event's file and line, which a range read later cannot know yet.
        reader.splitsFiles = !plan.sources.contains { $0.metadata.contains("_id") }
        let merge = parallel.makeMerge(diagnostics: diagnostics, sink: sink)
        let files = try reader.read(
            paths: paths, makeSink: { SegmentSink(parallel.makeSegment()) },
            onSegment: { merge.merge($0.segment) }, onMalformed: onMalformed)
        let rows = merge.finish()
        return Result(rows: rows, warnings: diagnostics.warnings, partial: diagnostics.partial, files: files)
    }

    /// The reader's form of a pushed condition.
    private static func eventCondition(_ c: PushedCondition) -> EventCondition {
        var shape: EventCondition.Shape?
        switch c.shape {
        case .equals(let t)?: shape = .equals(t)
        case .contains(let t)?: shape = .contains(t)
        case .compareDate(let op, let ms)?:
            switch op {
            case .less: shape = .compareDate(.less, ms)
            case .lessOrEqual: shape = .compareDate(.lessOrEqual, ms)
            case .greater: shape = .compareDate(.greater, ms)
            case .greaterOrEqual: shape = .compareDate(.greaterOrEqual, ms)
            case .equal: shape = .compareDate(.equal, ms)
            case .notEqual: shape = .compareDate(.notEqual, ms)
            default: shape = nil
            }
        case nil: shape = nil
        }
        return EventCondition(fields: c.fields, shape: shape)
    }
}

/// Runs pushed conditions for a reader thread.
private final class PushedConditionTester: EventConditionTester {
    let evaluator: PushedConditionEvaluator
    init(_ evaluator: PushedConditionEvaluator) { self.evaluator = evaluator }
    func holds(_ index: Int, fields: [String: Value]) -> Bool { evaluator.holds(index, fields: fields) }
}

/// Feeds one segment of a parallel read into its part of the plan.
private final class SegmentSink: SegmentEventSink {
    let segment: SegmentAggregation
    init(_ segment: SegmentAggregation) { self.segment = segment }
    func push(_ event: Event, branches: UInt64) { segment.push(event, leaves: branches) }
    func push(value: (Int) -> Value?, format: SourceFormat, branches: UInt64) {
        segment.push(value: value, format: format, leaves: branches)
    }
    func push(value: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, format: SourceFormat, branches: UInt64) {
        segment.push(value: value, texts: texts, format: format, leaves: branches)
    }
}
