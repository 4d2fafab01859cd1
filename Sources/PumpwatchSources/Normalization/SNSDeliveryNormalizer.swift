import PumpwatchCore

/// Normalizes Amazon SNS SMS delivery status logs (CloudWatch Logs group
/// `sns/<region>/<account>/DirectPublishToPhoneNumber`, and `.../Failure`).
///
/// Three shapes are accepted: the delivery JSON itself
/// (`{"notification": {"messageId", "timestamp"}, "delivery": {"destination", "priceInUSD", "mcc", "mnc", ...}, "status"}`);
/// a CloudWatch Logs subscription document whose `logEvents[].message` hold delivery JSON
/// (one event per log event, `sms.account` from the document's `owner`); and an element of
/// `aws logs filter-log-events` output (`{"eventId", "timestamp", "message", "logStreamName"}`).
/// The delivery JSON's own fields are kept (flattened) and the messaging fields are added.
public enum SNSDeliveryNormalizer {
    /// The `event.dataset` of SNS delivery status events.
    public static let dataset = "aws.sns.delivery"

    /// The events of one record in any of the three shapes.
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        guard case .object = record else {
            throw MalformedRecord(origin: origin, reason: "an SNS delivery record must be a JSON object")
        }
        if let logEvents = record["logEvents"]?.arrayElements {
            return try subscriptionEvents(record, logEvents: logEvents, origin: origin)
        }
        if record["message"] != nil, record["delivery"] == nil {
            var context = LogContext()
            context.eventID = MessagingFields.text(record["eventId"])
            context.logStream = MessagingFields.text(record["logStreamName"])
            context.logGroup = MessagingFields.text(record["logGroupName"])
            context.ingestionTime = MessagingFields.integer(record["ingestionTime"])
            context.logTimestamp = MessagingFields.integer(record["timestamp"])
            let delivery = try parseMessage(record["message"], what: "message", origin: origin)
            return [try event(delivery: delivery, context: context, origin: origin)]
        }
        return [try event(delivery: record, context: LogContext(), origin: origin)]
    }

    /// Where a delivery record sat in CloudWatch Logs, when it came wrapped.
    struct LogContext {
        var owner: String?
        var logGroup: String?
        var logStream: String?
        var eventID: String?
        var logTimestamp: Int64?
        var ingestionTime: Int64?
    }

    private static func subscriptionEvents(_ doc: JSONValue, logEvents: [JSONValue], origin: Origin) throws(MalformedRecord) -> [Event] {
        if MessagingFields.text(doc["messageType"]) == "CONTROL_MESSAGE" { return [] }
        var out: [Event] = []
        out.reserveCapacity(logEvents.count)
        for (i, logEvent) in logEvents.enumerated() {
            var o = origin
            if o.record == nil { o.record = i + 1 }
            var context = LogContext()
            context.owner = MessagingFields.text(doc["owner"])
            context.logGroup = MessagingFields.text(doc["logGroup"])
            context.logStream = MessagingFields.text(doc["logStream"])
            context.eventID = MessagingFields.text(logEvent["id"])
            context.logTimestamp = MessagingFields.integer(logEvent["timestamp"])
            let delivery = try parseMessage(logEvent["message"], what: "logEvents[\(i)].message", origin: o)
            out.append(try event(delivery: delivery, context: context, origin: o))
        }
        return out
    }

    private static func parseMessage(_ message: JSONValue?, what: String, origin: Origin) throws(MalformedRecord) -> JSONValue {
        switch message {
        case .object?: return message!
        case .string(let text)?:
            do {
                return try JSONParser.parse(text)
            } catch {
                throw MalformedRecord(origin: origin, reason: "\(what) is not SNS delivery JSON: \(error)")
            }
        default:
            throw MalformedRecord(origin: origin, reason: "\(what) is missing or not a string")
        }
    }

    static func event(delivery: JSONValue, context: LogContext, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object = delivery else {
            throw MalformedRecord(origin: origin, reason: "an SNS delivery record must be a JSON object")
        }
        let notification = delivery["notification"]
        let details = delivery["delivery"]
        guard notification != nil || details != nil else {
            throw MalformedRecord(origin: origin, reason: "the SNS delivery record has neither notification nor delivery")
        }
        var fields = JSONFlattener.fields(of: delivery, dropEmpty: true)
        if let v = context.logGroup { fields["aws.cloudwatch.log_group"] = .string(v) }
        if let v = context.logStream { fields["aws.cloudwatch.log_stream"] = .string(v) }
        if let v = context.eventID { fields["aws.cloudwatch.event_id"] = .string(v) }
        if let v = context.ingestionTime, let ms = Timestamp.epochToMillis(Double(v)) {
            fields["aws.cloudwatch.ingestion_time"] = .date(ms)
        }

        // The log group is named sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure].
        let groupParts = context.logGroup?.split(separator: "/").map(String.init) ?? []
        let groupRegion = groupParts.count >= 3 && groupParts[0] == "sns" ? groupParts[1] : nil
        let groupAccount = groupParts.count >= 3 && groupParts[0] == "sns" ? groupParts[2] : nil
        let topicAccount = MessagingFields.text(notification?["topicArn"])
            .flatMap { arn -> String? in
                let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
                return parts.count >= 6 && !parts[4].isEmpty ? String(parts[4]) : nil
            }

        var m = MessagingFields(dataset: dataset)
        m.timestamp = MessagingFields.date(notification?["timestamp"])
            ?? context.logTimestamp.flatMap { Timestamp.epochToMillis(Double($0)) }
        m.to = MessagingFields.text(details?["destination"])
        m.from = MessagingFields.text(details?["originationNumber"]) ?? MessagingFields.text(details?["senderId"])
        m.status = MessagingFields.text(delivery["status"])
        m.outcome = m.status.map { $0.uppercased() == "SUCCESS" ? "success" : "failure" }
        m.price = MessagingFields.cost(details?["priceInUSD"])
        if m.price != nil { m.priceUnit = "USD" }
        m.account = context.owner ?? groupAccount ?? topicAccount
        m.messageID = MessagingFields.text(notification?["messageId"])
        m.mcc = MessagingFields.text(details?["mcc"])
        m.mnc = MessagingFields.text(details?["mnc"])
        m.segments = MessagingFields.integer(details?["numberOfMessageParts"])
        m.direction = "outbound"
        m.apply(to: &fields)
        if let groupRegion { fields["cloud.region"] = .string(groupRegion) }
        if let account = m.account { fields["cloud.account.id"] = .string(account) }
        fields["cloud.provider"] = .string("aws")
        return Event(fields: fields, origin: origin, format: .snsDelivery)
    }
}
