import PumpwatchCore

/// Reads nginx and Apache access logs in common or combined format, one request per line.
public struct WebAccessLogReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .webAccess }

    public var readsJSON: Bool { false }

    public func events(fromLine line: String, origin: Origin) throws(MalformedRecord) -> [Event] {
        [try Normalizer.event(accessLogLine: line, origin: origin)]
    }
}
