/// What the guard made of a verification (`POST /v1/verified`).
public struct VerificationResult: Sendable, Codable, Equatable {
    /// True when the verification matched a code the guard let through.
    public var matched: Bool
    /// The request id of that code.
    public var id: String?
    /// The destination of that code, in E.164.
    public var to: String?
    /// Seconds from the send to the verification.
    public var seconds: Int?
    /// True when the code had already been verified (the verification counted once).
    public var repeated: Bool

    public init(matched: Bool, id: String? = nil, to: String? = nil, seconds: Int? = nil, repeated: Bool = false) {
        self.matched = matched
        self.id = id
        self.to = to
        self.seconds = seconds
        self.repeated = repeated
    }
}
