import PumpwatchCore

/// Normalizes Twilio Event Streams CloudEvents: message status events
/// (`com.twilio.messaging.message.sent|delivered|undelivered|failed|...`) and Verify events
/// (`com.twilio.accountsecurity.verify.*`).
///
/// The CloudEvent's fields are kept (flattened, so `data.messageSid` stays queryable) and the
/// messaging fields are added; `event.action` is the CloudEvent `type`. `sms.status` is
/// `data.messageStatus` (or `data.status`), else the last part of the type (`delivered`).
public enum TwilioEventNormalizer {
    /// The `event.dataset` of Twilio Event Streams events.
    public static let dataset = "twilio.events"

    /// One event per CloudEvent: `record` is a CloudEvent or a webhook batch (a JSON array of them).
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        if let batch = record.arrayElements {
            var out: [Event] = []
            out.reserveCapacity(batch.count)
            for (i, e) in batch.enumerated() {
                var o = origin
                if o.record == nil { o.record = i + 1 }
                out.append(try event(cloudEvent: e, origin: o))
            }
            return out
        }
        return [try event(cloudEvent: record, origin: origin)]
    }

    /// The event for one CloudEvent.
    public static func event(cloudEvent: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object = cloudEvent else {
            throw MalformedRecord(origin: origin, reason: "a Twilio CloudEvent must be a JSON object")
        }
        guard let type = MessagingFields.text(cloudEvent["type"]) else {
            throw MalformedRecord(origin: origin, reason: "the Twilio CloudEvent has no type")
        }
        let data = cloudEvent["data"] ?? .object([])
        var fields = JSONFlattener.fields(of: cloudEvent, dropEmpty: true)
        var m = MessagingFields(dataset: dataset)
        m.action = type
        m.timestamp = MessagingFields.date(data["timestamp"]) ?? MessagingFields.date(cloudEvent["time"])
            ?? MessagingFields.date(data["dateCreated"])
        m.to = MessagingFields.text(data["to"])
        m.from = MessagingFields.text(data["from"])
        m.status = MessagingFields.text(data["messageStatus"]) ?? MessagingFields.text(data["status"])
            ?? type.split(separator: ".").last.map(String.init)
        m.account = MessagingFields.text(data["accountSid"])
        m.messageID = MessagingFields.text(data["messageSid"]) ?? MessagingFields.text(data["sid"])
        m.mcc = MessagingFields.text(data["mcc"])
        m.mnc = MessagingFields.text(data["mnc"])
        m.segments = MessagingFields.integer(data["numSegments"]) ?? MessagingFields.integer(data["segments"])
        m.direction = MessagingFields.text(data["direction"])
        m.errorCode = MessagingFields.text(data["errorCode"])
        m.price = MessagingFields.cost(data["price"])
        m.priceUnit = MessagingFields.text(data["priceUnit"])
        m.apply(to: &fields)
        return Event(fields: fields, origin: origin, format: .twilioEvents)
    }
}
