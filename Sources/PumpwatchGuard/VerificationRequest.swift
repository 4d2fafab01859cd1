/// The body of `POST /v1/verified`: the request `id` of the code that was entered, or its `to`.
public struct VerificationRequest: Sendable, Codable, Equatable {
    public var id: String?
    public var to: String?

    public init(id: String? = nil, to: String? = nil) {
        self.id = id
        self.to = to
    }

    /// Checks that the request names an id or a number that parses.
    public func validate() throws(CheckRequestError) {
        if let id, !id.isEmpty {
            guard id.utf8.count <= 256 else { throw CheckRequestError(field: "id", reason: "is longer than 256 characters") }
            return
        }
        guard let to, !to.isEmpty else { throw CheckRequestError(field: "id", reason: "give the request id, or the number as to") }
        guard DestinationNumber(to) != nil else { throw CheckRequestError(field: "to", reason: "'\(to.prefix(40))' is not an E.164 phone number such as +447700900123") }
    }
}
