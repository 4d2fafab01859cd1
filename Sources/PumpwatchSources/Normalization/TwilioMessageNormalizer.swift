import PumpwatchCore

/// Normalizes Twilio Message resources, as listed by `GET /2010-04-01/Accounts/{AccountSid}/Messages.json`.
///
/// The message's own fields are kept (flattened) and the messaging fields are added: `sms.message_id`
/// ← `sid`, `sms.account` ← `account_sid`, `sms.price` ← |`price`| (`"-0.00750"` is 0.0075),
/// `sms.segments` ← `num_segments`, `sms.error_code` ← `error_code` as text, and `@timestamp` ←
/// `date_created` (when the API request was made), else `date_sent`, else `date_updated`.
public enum TwilioMessageNormalizer {
    /// The `event.dataset` of Twilio messages.
    public static let dataset = "twilio.messages"

    /// One event per message: `record` is a message, or a list page `{"messages": [...], ...}`.
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        if record["sid"] == nil, let messages = record["messages"]?.arrayElements {
            var out: [Event] = []
            out.reserveCapacity(messages.count)
            for (i, m) in messages.enumerated() {
                var o = origin
                if o.record == nil { o.record = i + 1 }
                out.append(try event(message: m, origin: o))
            }
            return out
        }
        return [try event(message: record, origin: origin)]
    }

    /// The event for one Twilio Message resource.
    public static func event(message: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object = message else {
            throw MalformedRecord(origin: origin, reason: "a Twilio message must be a JSON object")
        }
        guard message["sid"] != nil || message["to"] != nil else {
            throw MalformedRecord(origin: origin, reason: "the Twilio message has neither sid nor to")
        }
        var fields = JSONFlattener.fields(of: message, dropEmpty: true)
        var m = MessagingFields(dataset: dataset)
        m.timestamp = MessagingFields.date(message["date_created"])
            ?? MessagingFields.date(message["date_sent"]) ?? MessagingFields.date(message["date_updated"])
        m.to = MessagingFields.text(message["to"])
        m.from = MessagingFields.text(message["from"])
        m.status = MessagingFields.text(message["status"])
        m.price = MessagingFields.cost(message["price"])
        m.priceUnit = MessagingFields.text(message["price_unit"])
        m.account = MessagingFields.text(message["account_sid"])
        m.messageID = MessagingFields.text(message["sid"])
        m.segments = MessagingFields.integer(message["num_segments"])
        m.direction = MessagingFields.text(message["direction"])
        m.errorCode = MessagingFields.text(message["error_code"])
        m.apply(to: &fields)
        return Event(fields: fields, origin: origin, format: .twilioMessages)
    }
}
