import PumpwatchCore

/// One message resource of Twilio's Programmable Messaging REST API.
struct TwilioMessage {
    var sid: String
    var createdMillis: Int64
    var sentMillis: Int64
    var updatedMillis: Int64
    var from: String
    var to: PhoneNumber
    var body: String
    /// `delivered`, `sent`, `undelivered`, `failed`.
    var status: String
    var direction = "outbound-api"
    var messagingServiceSID: String?
    /// USD, positive; written negative as Twilio does. Nil until Twilio prices the message.
    var price: Double?
    var errorCode: Int?
    var errorMessage: String?
    var segments = 1

    /// The resource as `GET …/Messages.json` lists it (keys in Twilio's alphabetical order).
    var json: String {
        let account = SimulatedOrganization.twilioAccountSID
        let uri = "/2010-04-01/Accounts/\(account)/Messages/\(sid)"
        let m: [(String, JSONValue)] = [
            ("account_sid", .string(account)),
            ("api_version", .string("2010-04-01")),
            ("body", .string(body)),
            ("date_created", .string(CivilTime(millis: createdMillis).rfc2822)),
            ("date_sent", .string(CivilTime(millis: sentMillis).rfc2822)),
            ("date_updated", .string(CivilTime(millis: updatedMillis).rfc2822)),
            ("direction", .string(direction)),
            ("error_code", errorCode.map { .int(Int64($0)) } ?? .null),
            ("error_message", errorMessage.map { .string($0) } ?? .null),
            ("from", .string(from)),
            ("messaging_service_sid", messagingServiceSID.map { .string($0) } ?? .null),
            ("num_media", .string("0")),
            ("num_segments", .string(String(segments))),
            ("price", price.map { .string(TwilioMessage.formatPrice($0)) } ?? .null),
            ("price_unit", .string("USD")),
            ("sid", .string(sid)),
            ("status", .string(status)),
            ("subresource_uris", .object([
                ("media", .string(uri + "/Media.json")),
                ("feedback", .string(uri + "/Feedback.json")),
            ])),
            ("to", .string(to.e164)),
            ("uri", .string(uri + ".json")),
        ]
        return JSONWriter.serialize(.object(m))
    }

    /// `-0.00830`: negative, five decimals.
    static func formatPrice(_ usd: Double) -> String {
        let hundredThousandths = Int64((usd * 100_000).rounded())
        let whole = hundredThousandths / 100_000
        let frac = hundredThousandths % 100_000
        return "-\(whole).\(CivilTime.pad(frac, 5))"
    }
}
