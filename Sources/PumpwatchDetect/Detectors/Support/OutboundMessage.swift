import PumpwatchCore

/// One outbound text as the normalized sources describe it: where it went, when, through which
/// log, what it cost and, for CloudTrail, who asked for it.
///
/// Read from Twilio messages (outbound only) and Event Streams message status events, Twilio
/// Verify `verification.pending` events, SNS delivery status logs, CloudTrail SNS `Publish` with a
/// `phoneNumber`, and Cognito calls whose `codeDeliveryDetails` show an unmasked SMS destination.
/// Generic NDJSON with the same ECS field names (an Elastic export) reads the same way.
struct OutboundMessage {
    var time: Int64
    var view: MessageView
    /// The destination as written (`+23276123456`, `+*******1234`).
    var destinationText: String?
    /// The destination when it parses as E.164.
    var destination: PhoneNumber?
    var messageID: String?
    var price: Double?
    var status: String?
    var mcc: String?
    var mnc: String?
    /// CloudTrail callers.
    var callerARN: String?
    var sourceIP: String?
    var userAgent: String?

    /// The fields `from(_:)` reads, for projection pushdown.
    static let fields: Set<String> = [
        "@timestamp", "event.dataset", "event.action", "event.provider", "event.outcome",
        "sms.to", "sms.status", "sms.price", "sms.direction", "sms.message_id", "sms.mcc", "sms.mnc",
        "data.to", "data.messageSid",
        "aws.cloudtrail.flattened.request_parameters.phoneNumber",
        "aws.cloudtrail.flattened.response_elements.messageId",
        "aws.cloudtrail.flattened.response_elements.codeDeliveryDetails",
        "aws.cloudtrail.request_parameters", "aws.cloudtrail.response_elements",
        "aws.cloudtrail.user_identity.arn", "aws.cloudtrail.error_code",
        "source.address", "source.ip", "user_agent.original",
    ]

    /// The text `event` describes, or `nil` when it is not an outbound text.
    static func from(_ event: Event) -> OutboundMessage? {
        guard let time = event.timestampMillis else { return nil }
        switch event["event.dataset"]?.stringValue {
        case "twilio.messages":
            if let d = event["sms.direction"]?.stringValue, d.hasPrefix("inbound") { return nil }
            return messaging(event, time: time, view: .twilioMessages)
        case "twilio.events":
            guard let action = event["event.action"]?.stringValue else { return nil }
            if action.hasPrefix("com.twilio.messaging.message.") {
                return messaging(event, time: time, view: .twilioEvents)
            }
            if action == "com.twilio.accountsecurity.verify.verification.pending" {
                var m = messaging(event, time: time, view: .twilioVerify)
                if m.destinationText == nil { m.setDestination(event["data.to"]?.stringValue) }
                m.messageID = nil
                return m
            }
            return nil
        case "aws.sns.delivery":
            return messaging(event, time: time, view: .snsDelivery)
        case "aws.cloudtrail":
            return cloudTrail(event, time: time)
        default:
            return nil
        }
    }

    private mutating func setDestination(_ text: String?) {
        destinationText = text
        destination = text.flatMap(PhoneNumber.init)
    }

    private static func messaging(_ e: Event, time: Int64, view: MessageView) -> OutboundMessage {
        var m = OutboundMessage(time: time, view: view)
        m.setDestination(e["sms.to"]?.stringValue)
        m.messageID = e["sms.message_id"]?.stringValue
        m.price = e["sms.price"]?.doubleValue.map(abs)
        m.status = e["sms.status"]?.stringValue
        m.mcc = e["sms.mcc"]?.stringValue
        m.mnc = e["sms.mnc"]?.stringValue
        return m
    }

    private static func cloudTrail(_ e: Event, time: Int64) -> OutboundMessage? {
        guard e["event.outcome"]?.stringValue != "failure", e["aws.cloudtrail.error_code"] == nil else { return nil }
        let provider = e["event.provider"]?.stringValue
        var m = OutboundMessage(time: time, view: .snsAPI)
        if provider == "sns.amazonaws.com" {
            guard e["event.action"]?.stringValue == "Publish" else { return nil }
            let number = e["aws.cloudtrail.flattened.request_parameters.phoneNumber"]?.stringValue
                ?? e["aws.cloudtrail.request_parameters"]?.stringValue.flatMap { javaMapValue($0, key: "phoneNumber") }
            guard let number else { return nil }
            m.setDestination(number)
            m.messageID = e["aws.cloudtrail.flattened.response_elements.messageId"]?.stringValue
                ?? e["aws.cloudtrail.response_elements"]?.stringValue.flatMap { javaMapValue($0, key: "messageId") }
        } else if provider == "cognito-idp.amazonaws.com" {
            let medium = e["aws.cloudtrail.flattened.response_elements.codeDeliveryDetails.deliveryMedium"]?.stringValue
            guard medium == "SMS", let dest = e["aws.cloudtrail.flattened.response_elements.codeDeliveryDetails.destination"]?.stringValue,
                PhoneNumber(dest) != nil
            else { return nil }
            m.setDestination(dest)
        } else {
            return nil
        }
        m.callerARN = e["aws.cloudtrail.user_identity.arn"]?.stringValue
        m.sourceIP = e["source.ip"]?.stringValue ?? e["source.address"]?.stringValue
        m.userAgent = e["user_agent.original"]?.stringValue
        return m
    }

    /// The value of `key` in a Java `Map.toString()` text (`{phoneNumber=+1555..., message=...}`).
    static func javaMapValue(_ text: String, key: String) -> String? {
        var text = text
        let pattern = Array((key + "=").utf8)
        return text.withUTF8 { t -> String? in
            guard let at = pattern.withUnsafeBytes({ TextSearch.firstOffset(of: $0, in: UnsafeRawBufferPointer(t)) }) else { return nil }
            if at > 0 {
                let before = t[at - 1]
                guard before == UInt8(ascii: "{") || before == UInt8(ascii: " ") || before == UInt8(ascii: ",") else { return nil }
            }
            let start = at + pattern.count
            var end = start
            while end < t.count && t[end] != UInt8(ascii: ",") && t[end] != UInt8(ascii: "}") { end += 1 }
            let value = String(decoding: UnsafeBufferPointer(rebasing: t[start..<end]), as: UTF8.self).trimmingSpaces()
            return value.isEmpty ? nil : value
        }
    }
}
