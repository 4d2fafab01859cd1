import PumpwatchCore

/// Reads Twilio Event Streams CloudEvents.
///
/// A webhook batch is a JSON array; exported streams are NDJSON.
public struct TwilioEventsReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .twilioEvents }
}
