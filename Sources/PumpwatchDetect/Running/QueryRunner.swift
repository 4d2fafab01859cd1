import PumpwatchCore
import PumpwatchQuery
import PumpwatchSources

/// Runs one planned query over files and folders: reads only the formats and fields the plan
/// needs, streams the events through the executor, and stops early once a `LIMIT` is full.
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

    public init(plan: LogicalPlan, dialect: Dialect, nowMillis: Int64) {
        self.plan = plan
        self.dialect = dialect
        self.nowMillis = nowMillis
    }

    private struct StopReading: Error {}

    /// Reads `paths` and returns the result rows; malformed records go to `onMalformed`.
    public func run(paths: [String], onMalformed: (MalformedRecord) -> Void) throws -> Result {
        let executor = QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: nowMillis))
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
}
