/// The input formats pumpwatch recognises, named as `inspect --format json` prints them.
public enum SourceFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case cloudtrail
    case falcon
    case twilioMessages = "twilio-messages"
    case twilioEvents = "twilio-events"
    case snsDelivery = "sns-delivery"
    case webAccess = "web-access"
    case appRequests = "app-requests"
    case cloudwatchMetrics = "cloudwatch-metrics"
    case ndjson
}
