import PumpwatchCore

/// Turns raw records of each format into normalized events, calling the normalizer for the format.
///
/// CloudTrail becomes ECS as Elastic maps it (`CloudTrailNormalizer`); Falcon keeps its own names
/// (`FalconNormalizer`); Twilio, SNS delivery, web access and app request logs keep their fields and
/// gain the messaging fields (`MessagingFields`); CloudWatch metric results expand to one event per
/// data point; anything else is flattened as written (`GenericNormalizer`).
public enum Normalizer {
    /// Events for one raw JSON record of `format`. Batched shapes (a CloudTrail `Records` file, a Twilio
    /// page or webhook batch, a CloudWatch Logs subscription document, a `GetMetricData` response)
    /// give one event per item.
    public static func events(format: SourceFormat, record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        switch format {
        case .cloudtrail:
            return try CloudTrailNormalizer.events(record: record, origin: origin)
        case .falcon:
            return [try FalconNormalizer.event(record: record, origin: origin)]
        case .twilioMessages:
            return try TwilioMessageNormalizer.events(record: record, origin: origin)
        case .twilioEvents:
            return try TwilioEventNormalizer.events(record: record, origin: origin)
        case .snsDelivery:
            return try SNSDeliveryNormalizer.events(record: record, origin: origin)
        case .webAccess:
            if let line = record.string ?? record["message"]?.string {
                return [try WebAccessLogNormalizer.event(line: line, origin: origin)]
            }
            throw MalformedRecord(origin: origin, reason: "expected an access log line, or an object with a message line")
        case .appRequests:
            return try AppRequestNormalizer.events(record: record, origin: origin)
        case .cloudwatchMetrics:
            return try CloudWatchMetricsNormalizer.events(record: record, origin: origin)
        case .ndjson:
            return [try GenericNormalizer.event(record: record, origin: origin)]
        }
    }

    /// Whether `record` gives at least one event, checked as `events(format:record:origin:)`
    /// checks it: the same error for a record it rejects. A single CloudTrail record is checked
    /// without building its event (`CloudTrailNormalizer.validate`); other shapes are normalized.
    public static func validate(format: SourceFormat, record: JSONValue, origin: Origin) throws(MalformedRecord) -> Bool {
        if format == .cloudtrail, !(record["eventTime"] == nil && record["Records"]?.arrayElements != nil) {
            try CloudTrailNormalizer.validate(record: record, origin: origin)
            return true
        }
        return try !events(format: format, record: record, origin: origin).isEmpty
    }

    /// The event for one line of an nginx or Apache combined access log.
    public static func event(accessLogLine line: String, origin: Origin) throws(MalformedRecord) -> Event {
        try WebAccessLogNormalizer.event(line: line, origin: origin)
    }
}
