/// A question to the guard before an SMS or voice code is sent: the body of `POST /v1/check`.
///
/// Only `to` is required. Unknown `purpose` and `channel` values read as `other` and `sms`, so
/// a client with a newer vocabulary is never refused for it.
public struct CheckRequest: Sendable, Codable, Equatable {
    /// The destination, in E.164 (`+447700900123`); `00` and spacing are accepted.
    public var to: String
    /// The client's address, as the app saw it.
    public var ip: String?
    /// The app's user id, when the user is known.
    public var user: String?
    /// The app's session id.
    public var session: String?
    public var purpose: Purpose?
    public var channel: Channel?
    /// The client's own request id; the guard makes one when missing.
    public var id: String?

    /// Why the code is sent.
    public enum Purpose: String, Sendable, Codable, Equatable, CaseIterable {
        case signup, login, reset, other

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            self = Purpose(rawValue: text.lowercased()) ?? .other
        }
    }

    /// How the code is delivered.
    public enum Channel: String, Sendable, Codable, Equatable, CaseIterable {
        case sms, voice

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            self = Channel(rawValue: text.lowercased()) ?? .sms
        }
    }

    public init(to: String, ip: String? = nil, user: String? = nil, session: String? = nil, purpose: Purpose? = nil, channel: Channel? = nil, id: String? = nil) {
        self.to = to
        self.ip = ip
        self.user = user
        self.session = session
        self.purpose = purpose
        self.channel = channel
        self.id = id
    }

    /// Checks what an API layer should refuse with 400 before asking the guard.
    ///
    /// `to` must read as an E.164 number (a plausible number in a wrong format for its country is
    /// not an error here: the guard decides on it, with the `invalid-number` reason).
    public func validate() throws(CheckRequestError) {
        let trimmed = to.trimmingCharacters(in: " ")
        guard !trimmed.isEmpty else { throw CheckRequestError(field: "to", reason: "is empty") }
        guard trimmed.utf8.count <= 64 else { throw CheckRequestError(field: "to", reason: "is longer than 64 characters") }
        guard DestinationNumber(trimmed) != nil else {
            throw CheckRequestError(field: "to", reason: "'\(trimmed)' is not an E.164 phone number such as +447700900123")
        }
        for (name, value) in [("ip", ip), ("user", user), ("session", session), ("id", id)] {
            if let value, value.utf8.count > 256 { throw CheckRequestError(field: name, reason: "is longer than 256 characters") }
        }
    }
}

extension String {
    func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}
