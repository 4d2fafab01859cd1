import PumpwatchCore

/// The reader for each source format.
public enum FormatReaders {
    /// The reader that reads files of `format`.
    public static func reader(for format: SourceFormat) -> any FormatReader {
        switch format {
        case .cloudtrail: return CloudTrailReader()
        case .falcon: return FalconReader()
        case .twilioMessages: return TwilioMessagesReader()
        case .twilioEvents: return TwilioEventsReader()
        case .snsDelivery: return SNSDeliveryReader()
        case .webAccess: return WebAccessLogReader()
        case .appRequests: return AppRequestsReader()
        case .cloudwatchMetrics: return CloudWatchMetricsReader()
        case .ndjson: return GenericJSONReader()
        }
    }
}
