import PumpwatchCore

/// Settings one query run shares: the dialect, the clock and where warnings go.
public struct ExecutionContext: Sendable {
    public var dialect: Dialect
    /// The time `now()` returns, in epoch milliseconds (`--now` makes runs reproducible).
    public var nowMillis: Int64

    public init(dialect: Dialect, nowMillis: Int64) {
        self.dialect = dialect
        self.nowMillis = nowMillis
    }
}
