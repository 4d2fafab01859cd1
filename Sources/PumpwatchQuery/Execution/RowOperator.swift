import PumpwatchCore

/// One stage of a running plan: rows are pushed in, results are pushed to the next stage.
///
/// Operators keep only the state their plan node needs (group tables, top-N buffers), never the
/// input events. `finish()` flushes at the end of a stream; `advanceWatermark(to:)` lets
/// windowed aggregates emit groups whose event-time window has closed, for endless streams.
public protocol RowOperator: AnyObject {
    func push(_ row: Row)
    func finish()
    func advanceWatermark(to millis: Int64)
}

extension RowOperator {
    public func advanceWatermark(to millis: Int64) {}
}

/// Collects the rows that reach the end of a plan.
public final class CollectingSink: RowOperator {
    public private(set) var rows: [Row] = []
    public init() {}
    /// A sink that has already collected `rows` (an executor's copy starts from its original's).
    init(rows: [Row]) { self.rows = rows }
    public func push(_ row: Row) { rows.append(row) }
    public func finish() {}
}

/// Passes each row to a closure (used by streaming consumers such as `watch`).
public final class CallbackSink: RowOperator {
    let onRow: (Row) -> Void
    public init(_ onRow: @escaping (Row) -> Void) { self.onRow = onRow }
    public func push(_ row: Row) { onRow(row) }
    public func finish() {}
}
