import PumpwatchCore

/// What `SourceReader` reads and how strictly.
public struct ReadOptions: Sendable {
    /// The fields to keep in each event (`@timestamp` is always kept).
    public var projection: FieldProjection = .all
    /// The formats to read; `nil` reads every format. Files of other formats are skipped after detection.
    public var formats: Set<SourceFormat>? = nil
    /// When true, the first malformed record stops the run with `StrictModeError`.
    public var strict = false
    /// Records longer than this many bytes are skipped and reported as malformed.
    public var maxRecordBytes = 16 << 20
    /// When true, progress is drawn on standard error while it is a terminal.
    public var showsProgress = true

    public init() {}
}
