import PumpwatchCore

/// Texts a phone number through Amazon SNS: the CloudTrail `Publish` data event, the delivery
/// status log with the same message id, and the charge in the account's SMS metrics.
enum SNSPhonePublisher {
    /// Publishes directly to `number` as `principal`; returns the message id.
    @discardableResult
    static func publish(
        _ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal,
        to number: PhoneNumber, smsType: String = "Transactional", succeeds: Bool = true, withAttributes: Bool = false
    ) -> String {
        let messageID = rng.uuid()
        var event = CloudTrailEvent(
            millis: millis, principal: principal, eventSource: "sns.amazonaws.com", eventName: "Publish",
            readOnly: false, managementEvent: false, tlsHost: "sns.\(SimulatedOrganization.awsRegion).amazonaws.com", rng: &rng)
        var parameters: [(String, JSONValue)] = [
            ("phoneNumber", .string(number.e164)),
            ("message", .string("HIDDEN_DUE_TO_SECURITY_REASONS")),
        ]
        if withAttributes {
            parameters.append(("messageAttributes", .object([
                ("AWS.SNS.SMS.SMSType", .object([("dataType", .string("String")), ("stringValue", .string(smsType))])),
            ])))
        }
        event.requestParameters = .object(parameters)
        event.responseElements = .object([("messageId", .string(messageID))])
        context.emit(.cloudTrail(event))
        deliver(context, &rng, at: millis, messageID: messageID, to: number, smsType: smsType, succeeds: succeeds)
        return messageID
    }

    /// The delivery log and charge of a text SNS sent (also for texts Cognito sends through SNS,
    /// which have no `Publish` in the account's trail).
    static func deliver(
        _ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, messageID: String,
        to number: PhoneNumber, smsType: String = "Transactional", succeeds: Bool = true
    ) {
        let dwell = rng.int(in: 180...950)
        let ack = dwell + rng.int(in: 400...5200)
        let price = succeeds ? number.snsPrice : 0
        let record = SNSDeliveryRecord(
            publishMillis: millis, logMillis: millis + Int64(succeeds ? ack : dwell), messageID: messageID,
            destination: number, priceUSD: price, smsType: smsType, success: succeeds,
            providerResponse: succeeds
                ? "Message has been accepted by phone carrier"
                : rng.pick(["Phone carrier has blocked this message", "Phone is currently unreachable/unavailable", "Unknown error attempting to reach phone"]),
            dwellTimeMs: dwell, dwellTimeMsUntilDeviceAck: ack)
        context.emit(.snsDelivery(record))
        context.emit(.snsCharge(SNSCharge(millis: millis, priceUSD: price, failed: !succeeds)))
    }

    /// Publishes to an SNS topic (no phone delivery: the topic's subscribers are queues and functions).
    static func publishToTopic(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, topic: String) {
        let arn = "arn:aws:sns:\(SimulatedOrganization.awsRegion):\(SimulatedOrganization.awsAccountID):\(topic)"
        var event = CloudTrailEvent(
            millis: millis, principal: principal, eventSource: "sns.amazonaws.com", eventName: "Publish",
            readOnly: false, managementEvent: false, tlsHost: "sns.\(SimulatedOrganization.awsRegion).amazonaws.com", rng: &rng)
        event.requestParameters = .object([
            ("topicArn", .string(arn)),
            ("message", .string("HIDDEN_DUE_TO_SECURITY_REASONS")),
        ])
        event.responseElements = .object([("messageId", .string(rng.uuid()))])
        event.resources = .array([.object([
            ("accountId", .string(SimulatedOrganization.awsAccountID)),
            ("type", .string("AWS::SNS::Topic")),
            ("ARN", .string(arn)),
        ])])
        context.emit(.cloudTrail(event))
    }
}
