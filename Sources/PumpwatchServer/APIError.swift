import Hummingbird
import PumpwatchCore

/// An error answered as JSON: `{"error": {"status": 400, "message": "...", "field": "to"}}`.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    /// The request field at fault, when there is one.
    public var field: String?
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// 400 for a request the guard cannot judge.
    public static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, message, field: field)
    }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var out = "{\"error\":{\"status\":\(status.code),\"message\":"
        JSONWriter.appendString(message, to: &out)
        if let field {
            out += ",\"field\":"
            JSONWriter.appendString(field, to: &out)
        }
        out += "}}"
        var response = Response.json(out, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}
