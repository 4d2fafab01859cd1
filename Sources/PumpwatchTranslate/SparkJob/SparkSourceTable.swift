import PumpwatchCore

/// A table the Spark job fills with the records of one input format, and the Spark SQL test
/// that puts a record in it.
///
/// Each record is classified on its own by its keys, in the order of `allCases` (the first
/// match wins), with the same tests pumpwatch's format detection applies to a file's first
/// record: Falcon by `event_simpleName`, Twilio Event Streams by `specversion` and a
/// `com.twilio.` type, SNS delivery status logs by `notification` and `delivery`, CloudTrail by
/// `eventVersion` or `eventSource` with `eventName`, Application Insights requests by
/// `TimeGenerated` with `Url` or `ResultCode`, Twilio messages by `sid`, `to`, `from`, `status`
/// and `account_sid`, and nginx/Apache access log lines (text, not JSON) by their shape. The
/// test reads the record's text in `value` and its top-level key list in `keys`
/// (`json_object_keys(value)`, null for text that is not a JSON object).
public enum SparkSourceTable: String, Sendable, CaseIterable {
    case falcon
    case twilioEvents = "twilio_events"
    case snsDelivery = "sns_delivery"
    case cloudtrail
    case appRequests = "app_requests"
    case twilioMessages = "twilio_messages"
    case webAccess = "web_access"

    /// The temporary view's name, as the generated SQL reads it (`FROM cloudtrail`).
    public var tableName: String { rawValue }

    /// The input format of the records in the table.
    public var format: SourceFormat {
        switch self {
        case .falcon: return .falcon
        case .twilioEvents: return .twilioEvents
        case .snsDelivery: return .snsDelivery
        case .cloudtrail: return .cloudtrail
        case .appRequests: return .appRequests
        case .twilioMessages: return .twilioMessages
        case .webAccess: return .webAccess
        }
    }

    /// The table of a format, or nil for formats the job does not read.
    public init?(format: SourceFormat) {
        guard let table = Self.allCases.first(where: { $0.format == format }) else { return nil }
        self = table
    }

    /// The Spark SQL condition, over `value` and `keys`, that a record of this format meets.
    public var classification: String {
        func has(_ key: String) -> String { "array_contains(`keys`, '\(key)')" }
        switch self {
        case .falcon:
            return "\(has("event_simpleName")) OR \(has("#event_simpleName"))"
        case .twilioEvents:
            return "\(has("specversion")) AND startswith(get_json_object(value, '$.type'), 'com.twilio.')"
        case .snsDelivery:
            return "\(has("notification")) AND \(has("delivery"))"
        case .cloudtrail:
            return "\(has("eventVersion")) OR (\(has("eventSource")) AND \(has("eventName")))"
                + " OR (\(has("eventName")) AND \(has("eventTime")) AND (\(has("awsRegion")) OR \(has("userIdentity"))))"
        case .appRequests:
            return "\(has("TimeGenerated")) AND (\(has("Url")) OR \(has("ResultCode")))"
        case .twilioMessages:
            return ["sid", "to", "from", "status", "account_sid"].map(has).joined(separator: " AND ")
        case .webAccess:
            // host ident user [time] "request" status, as FormatDetector.isAccessLogLine reads it.
            return #"`keys` IS NULL AND value RLIKE '^[^ ]+ [^ ]+ [^\\[]*\\[[^\\]]+\\] "([^"\\\\]|\\\\.)*" [0-9]{3}( |$)'"#
        }
    }
}
