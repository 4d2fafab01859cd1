import PumpwatchCore

/// Reads Amazon SNS SMS delivery status logs.
///
/// Three shapes: CloudWatch Logs subscription documents as Firehose writes them (concatenated,
/// one record per document), NDJSON of the delivery JSON itself, and `aws logs filter-log-events`
/// output (`{"events": [...]}`, one record per element).
public struct SNSDeliveryReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .snsDelivery }
}
