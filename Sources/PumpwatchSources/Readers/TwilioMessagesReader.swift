import PumpwatchCore

/// Reads Twilio Messages list pages, one record per message.
///
/// A page is `{"messages": [...], "next_page_uri": ..., "page": ...}`; several pages in a row are read in turn.
public struct TwilioMessagesReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .twilioMessages }
}
