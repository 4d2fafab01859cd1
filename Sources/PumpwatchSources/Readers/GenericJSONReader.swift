import PumpwatchCore

/// Reads any other NDJSON, JSON array or JSON documents as generic events.
///
/// Field paths stay as written.
public struct GenericJSONReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .ndjson }
}
