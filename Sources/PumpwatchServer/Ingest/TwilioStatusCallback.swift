import PumpwatchCore

/// A Twilio message status callback: the form Twilio posts to a message's `StatusCallback` URL
/// each time its status changes (`MessageSid`, `MessageStatus`, `AccountSid`, `From`, `To`,
/// `ApiVersion`, `SmsSid`, `SmsStatus`, and when they apply `MessagingServiceSid`, `ErrorCode`,
/// `ErrorMessage`, `NumSegments`, `Price`, `PriceUnit`).
///
/// It becomes a record in the shape of a Twilio Message resource (`sid`, `account_sid`, `to`,
/// `from`, `status`, `error_code`, ...), which the Twilio messages reader reads. The callback
/// carries no message time, so `date_updated` is the time it was received, which is when the
/// status changed to within Twilio's delivery delay. A message body, if one is posted, is not
/// kept. Each status of a message is its own record: its id is `MessageSid:status`, so a
/// retried callback is a duplicate while `sent` and `delivered` are not.
public struct TwilioStatusCallback: Sendable {
    /// The form's parameters, in the order posted.
    public var parameters: [(String, String)]
    /// `MessageSid` (or `SmsSid`).
    public var messageSid: String
    /// `MessageStatus` (or `SmsStatus`), lowercased.
    public var status: String

    /// The callback in a form-encoded body.
    public init(form body: [UInt8]) throws(IngestError) {
        try self.init(parameters: try FormBody.parameters(body))
    }

    /// The callback with these form parameters.
    public init(parameters: [(String, String)]) throws(IngestError) {
        func value(_ name: String) -> String? {
            parameters.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let sid = value("MessageSid") ?? value("SmsSid") else {
            throw .malformed("the status callback has no MessageSid")
        }
        guard sid.utf8.count <= 64, sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .malformed("MessageSid is not a Twilio message sid")
        }
        guard let status = value("MessageStatus") ?? value("SmsStatus") else {
            throw .malformed("the status callback has no MessageStatus")
        }
        guard status.utf8.count <= 32, status.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) else {
            throw .malformed("MessageStatus is not a message status")
        }
        self.parameters = parameters
        self.messageSid = sid
        self.status = status.lowercased()
    }

    /// The id the record is journaled under: `MessageSid:status`.
    public var eventID: String { "\(messageSid):\(status)" }

    /// The callback as a Twilio Message resource, with `date_updated` at `receivedAt` (epoch milliseconds).
    public func messageResource(receivedAt: Int64) -> JSONValue {
        func value(_ name: String) -> String? {
            parameters.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
        }
        var m: [(String, JSONValue)] = [("sid", .string(messageSid))]
        let mapped: [(String, String)] = [
            ("AccountSid", "account_sid"), ("MessagingServiceSid", "messaging_service_sid"), ("From", "from"), ("To", "to"),
        ]
        for (param, key) in mapped {
            if let v = value(param) { m.append((key, .string(v))) }
        }
        m.append(("status", .string(status)))
        m.append(("direction", .string(status == "received" || status == "receiving" ? "inbound" : "outbound-api")))
        if let code = value("ErrorCode") { m.append(("error_code", Int64(code).map { .int($0) } ?? .string(code))) }
        if let text = value("ErrorMessage") { m.append(("error_message", .string(text))) }
        if let n = value("NumSegments") { m.append(("num_segments", .string(n))) }
        if let price = value("Price") { m.append(("price", .string(price))) }
        if let unit = value("PriceUnit") { m.append(("price_unit", .string(unit))) }
        if let version = value("ApiVersion") { m.append(("api_version", .string(version))) }
        m.append(("date_updated", .string(TwilioStatusCallback.rfc2822(millis: receivedAt))))
        return .object(m)
    }

    /// `millis` as Twilio writes dates: `Thu, 20 Nov 2026 10:00:00 +0000`.
    static func rfc2822(millis: Int64) -> String {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let seconds = (millis - days * 86_400_000) / 1000
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(two(d)) \(months[Int(m) - 1]) \(y) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }
}
