import PumpwatchCore

/// One SNS SMS delivery status log entry (what CloudWatch Logs holds as the log event's message).
struct SNSDeliveryRecord {
    /// When SNS accepted the publish (the notification timestamp).
    var publishMillis: Int64
    /// When the delivery status was logged.
    var logMillis: Int64
    /// The publish's message id, the same as in CloudTrail's `responseElements.messageId`.
    var messageID: String
    var destination: PhoneNumber
    var priceUSD: Double
    var smsType: String
    var success: Bool
    var providerResponse: String
    var dwellTimeMs: Int
    var dwellTimeMsUntilDeviceAck: Int
    var parts = 1

    var logGroup: String {
        success ? SimulatedOrganization.snsDeliveryLogGroup : SimulatedOrganization.snsFailureLogGroup
    }

    /// The delivery JSON, as SNS writes it into the log event's `message` string.
    var message: String {
        var delivery: [(String, JSONValue)] = [
            ("mnc", .int(Int64(destination.mnc) ?? 0)),
            ("numberOfMessageParts", .int(Int64(parts))),
            ("destination", .string(destination.e164)),
            ("priceInUSD", .double(priceUSD)),
            ("smsType", .string(smsType)),
            ("providerResponse", .string(providerResponse)),
            ("dwellTimeMs", .int(Int64(dwellTimeMs))),
        ]
        if success { delivery.append(("dwellTimeMsUntilDeviceAck", .int(Int64(dwellTimeMsUntilDeviceAck)))) }
        delivery.append(("mcc", .int(Int64(destination.country.mcc) ?? 0)))
        return JSONWriter.serialize(.object([
            ("notification", .object([
                ("messageId", .string(messageID)),
                ("timestamp", .string(CivilTime(millis: publishMillis).spaceSeparatedMillis)),
            ])),
            ("delivery", .object(delivery)),
            ("status", .string(success ? "SUCCESS" : "FAILURE")),
        ]))
    }
}
