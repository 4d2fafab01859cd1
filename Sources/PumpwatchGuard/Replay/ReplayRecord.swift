import PumpwatchCore

/// One line of recorded traffic for `guard replay` and `baseline build`.
///
/// A check request (an app's `/v1/check` body with its time, or a send read from Twilio or SNS
/// logs) or a verification.
public struct ReplayRecord: Sendable, Equatable {
    /// When it happened, epoch milliseconds.
    public var time: Int64
    public var kind: Kind
    /// A ground-truth label some inputs carry.
    ///
    /// Simulated traffic has `real-user` and `campaign:…` labels. They only break the replay's
    /// figures down; the guard never sees them.
    public var label: String?
    /// Where it was read (`file:line`).
    public var origin: String
    /// Its position in the input, to keep equal times in input order.
    public var sequence: Int

    public enum Kind: Sendable, Equatable {
        case check(CheckRequest)
        /// A verification names the request id, the number, or both.
        case verified(id: String?, to: String?)
    }

    public init(time: Int64, kind: Kind, label: String? = nil, origin: String = "", sequence: Int = 0) {
        self.time = time
        self.kind = kind
        self.label = label
        self.origin = origin
        self.sequence = sequence
    }

    /// The Event Streams type prefix of Twilio Verify events.
    static let verifyPrefix = "com.twilio.accountsecurity.verify.verification."

    /// The record an event describes, or `nil` when it is neither a send nor a verification.
    ///
    /// - NDJSON: `{"type": "verified", "id" | "to", "time"}` is a verification; a line with `to`
    ///   is a check request (`ip`, `user`, `session`, `purpose`, `channel`, `id`, `label`).
    /// - Twilio Messages (outbound) and Event Streams message events: a send with the message sid.
    /// - Twilio Verify events: `verification.pending` is a send, `verification.approved` its
    ///   verification, both under the verification sid.
    /// - SNS delivery logs: a send with the message id.
    /// Sends read from provider logs carry no client address, user or session.
    static func from(_ event: Event) -> ReplayRecord? {
        guard let time = event.timestampMillis else { return nil }
        let origin = event.origin.description
        func text(_ name: String) -> String? {
            guard let v = event[name], !v.isNull, let s = v.stringValue, !s.isEmpty else { return nil }
            return s
        }
        switch event.format {
        case .ndjson:
            if text("type")?.lowercased() == "verified" {
                let id = text("id"), to = text("to")
                guard id != nil || to != nil else { return nil }
                return ReplayRecord(time: time, kind: .verified(id: id, to: to), label: text("label"), origin: origin)
            }
            guard let to = text("to") else { return nil }
            let request = CheckRequest(
                to: to, ip: text("ip"), user: text("user"), session: text("session"),
                purpose: text("purpose").map { CheckRequest.Purpose(rawValue: $0.lowercased()) ?? .other },
                channel: text("channel").map { CheckRequest.Channel(rawValue: $0.lowercased()) ?? .sms }, id: text("id"))
            return ReplayRecord(time: time, kind: .check(request), label: text("label"), origin: origin)
        case .twilioMessages:
            if let d = text("sms.direction"), d.hasPrefix("inbound") { return nil }
            guard let to = text("sms.to") else { return nil }
            return ReplayRecord(time: time, kind: .check(CheckRequest(to: to, id: text("sms.message_id"))), origin: origin)
        case .twilioEvents:
            guard let action = text("event.action") else { return nil }
            if action.hasPrefix("com.twilio.messaging.message.") {
                guard let to = text("sms.to") else { return nil }
                return ReplayRecord(time: time, kind: .check(CheckRequest(to: to, id: text("sms.message_id"))), origin: origin)
            }
            guard action.hasPrefix(verifyPrefix) else { return nil }
            let status = action.dropFirst(verifyPrefix.count)
            let id = text("data.verification_sid") ?? text("data.sid")
            let to = text("sms.to") ?? text("data.to")
            if status == "pending", let to {
                return ReplayRecord(time: time, kind: .check(CheckRequest(to: to, channel: .sms, id: id)), origin: origin)
            }
            if status == "approved", id != nil || to != nil {
                return ReplayRecord(time: time, kind: .verified(id: id, to: to), origin: origin)
            }
            return nil
        case .snsDelivery:
            guard let to = text("sms.to") else { return nil }
            return ReplayRecord(time: time, kind: .check(CheckRequest(to: to, id: text("sms.message_id"))), origin: origin)
        default:
            return nil
        }
    }
}
