import Hummingbird

/// Why an ingest request was refused, and where in it: the 1-based record number when one record
/// is at fault. Answered as 400 (malformed), 403 (a signature that does not match), 413 (too
/// large) or 415 (unsupported encoding); the reason never quotes secrets.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The body or a record cannot be read: 400.
        case malformed
        /// The request's signature does not match it: 403.
        case forbidden
        /// The body, or what it inflates to, is over the limit: 413.
        case tooLarge
        /// The body's `Content-Encoding` is not one pumpwatch reads: 415.
        case unsupportedEncoding
    }

    public var kind: Kind
    /// The 1-based number of the record at fault in the request, when one is.
    public var record: Int?
    public var reason: String

    public init(_ kind: Kind = .malformed, record: Int? = nil, _ reason: String) {
        self.kind = kind
        self.record = record
        self.reason = reason
    }

    /// A malformed-body error.
    public static func malformed(_ reason: String, record: Int? = nil) -> IngestError {
        IngestError(.malformed, record: record, reason)
    }

    /// The same error located at `record`, unless it is located already.
    func at(record number: Int) -> IngestError {
        var e = self
        if e.record == nil { e.record = number }
        return e
    }

    /// The error with `prefix` put before its reason (`logEvents[2]: ...`).
    func within(_ prefix: String) -> IngestError {
        var e = self
        e.reason = "\(prefix): \(reason)"
        return e
    }

    public var description: String {
        record.map { "record \($0): \(reason)" } ?? reason
    }

    /// The HTTP status the error is answered with.
    public var status: HTTPResponse.Status {
        switch kind {
        case .malformed: return .badRequest
        case .forbidden: return .forbidden
        case .tooLarge: return .contentTooLarge
        case .unsupportedEncoding: return .unsupportedMediaType
        }
    }

    /// The error as the API answers it; nothing from the batch was stored.
    var apiError: APIError {
        APIError(status, kind == .malformed ? "\(description); nothing from this request was stored" : description)
    }
}
