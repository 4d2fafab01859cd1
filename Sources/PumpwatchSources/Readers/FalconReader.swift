import PumpwatchCore

/// Reads CrowdStrike Falcon events as NDJSON or a JSON array.
///
/// Both FDR events (`event_simpleName`) and LogScale exports (`#event_simpleName`) are read.
public struct FalconReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .falcon }
}
