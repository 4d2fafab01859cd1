import PumpwatchCore

/// Sends a text through Twilio Programmable Messaging: the message resource (for Messages.json)
/// and its Event Streams status events (`sent`, then `delivered`, `undelivered` or `failed`).
enum TwilioMessaging {
    @discardableResult
    static func send(
        _ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, from: String, to: PhoneNumber,
        body: String, messagingService: String?, status: String
    ) -> TwilioMessage {
        let sid = "SM" + rng.hex(32)
        let sent = millis + Int64(rng.int(in: 250...1400))
        let settled = sent + Int64(rng.int(in: 1800...16000))
        var message = TwilioMessage(
            sid: sid, createdMillis: millis, sentMillis: sent, updatedMillis: status == "sent" ? sent : settled,
            from: from, to: to, body: body, status: status, messagingServiceSID: messagingService,
            price: to.twilioPrice)
        switch status {
        case "undelivered":
            message.errorCode = 30003
            message.errorMessage = "Unreachable destination handset"
        case "failed":
            message.errorCode = 30008
            message.errorMessage = "Unknown error"
            message.price = nil
            message.updatedMillis = sent
        default:
            break
        }
        context.emit(.twilioMessage(message))
        if status == "failed" {
            context.emit(.twilioEvent(statusEvent(message, status: "failed", at: sent, rng: &rng)))
        } else {
            context.emit(.twilioEvent(statusEvent(message, status: "sent", at: sent, rng: &rng)))
            if status != "sent" {
                context.emit(.twilioEvent(statusEvent(message, status: status, at: settled, rng: &rng)))
            }
        }
        return message
    }

    private static func statusEvent(_ m: TwilioMessage, status: String, at millis: Int64, rng: inout SplitMix64) -> TwilioStreamEvent {
        let type = "com.twilio.messaging.message.\(status)"
        var data: [(String, JSONValue)] = [
            ("messageSid", .string(m.sid)),
            ("timestamp", .string(Timestamp.iso8601(millis: millis))),
            ("accountSid", .string(SimulatedOrganization.twilioAccountSID)),
            ("eventName", .string(type)),
            ("apiVersion", .string("2010-04-01")),
            ("from", .string(m.from)),
            ("to", .string(m.to.e164)),
            ("messageStatus", .string(status.uppercased())),
        ]
        if let sid = m.messagingServiceSID { data.append(("messagingServiceSid", .string(sid))) }
        if status != "sent" && status != "delivered", let code = m.errorCode { data.append(("errorCode", .int(Int64(code)))) }
        data.append(("mcc", .string(m.to.country.mcc)))
        data.append(("mnc", .string(m.to.mnc)))
        data.append(("numberOfSegments", .int(Int64(m.segments))))
        return TwilioStreamEvent(
            millis: millis, type: type,
            source: "/2010-04-01/Accounts/\(SimulatedOrganization.twilioAccountSID)/Messages/\(m.sid).json",
            id: "EZ" + rng.hex(32),
            dataschema: "https://events-schemas.twilio.com/Messaging.MessageStatus/8",
            data: .object(data))
    }
}
