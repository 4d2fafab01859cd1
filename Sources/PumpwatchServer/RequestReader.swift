import Hummingbird
import PumpwatchCore
import PumpwatchGuard

/// Reads request bodies into the guard's request types, turning every problem into a 400 that
/// names the field and the reason. Unknown members are ignored, so newer clients still work.
enum RequestReader {
    /// The JSON object in `body`.
    static func object(_ body: ByteBuffer) throws(APIError) -> [(String, JSONValue)] {
        guard body.readableBytes > 0 else { throw .badRequest("the body is empty; expected a JSON object") }
        let parsed: Result<JSONValue, JSONParseError> = body.withUnsafeReadableBytes { bytes in
            do throws(JSONParseError) {
                return .success(try JSONParser.parse(bytes))
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .failure(let error): throw .badRequest("malformed JSON: \(error)")
        case .success(let value):
            guard let members = value.objectMembers else { throw .badRequest("expected a JSON object") }
            return members
        }
    }

    /// The body of `POST /v1/check`, validated as the guard asks (`CheckRequest.validate()`).
    static func checkRequest(_ body: ByteBuffer) throws(APIError) -> CheckRequest {
        let m = try object(body)
        guard let toValue = member(m, "to"), toValue != .null else { throw .badRequest("to: is required", field: "to") }
        guard case .string(let to) = toValue else { throw .badRequest("to: expected a string such as \"+447700900123\"", field: "to") }
        var request = CheckRequest(to: to)
        request.ip = try string(m, "ip")
        request.user = try string(m, "user")
        request.session = try string(m, "session")
        request.id = try string(m, "id")
        if let p = try string(m, "purpose") { request.purpose = CheckRequest.Purpose(rawValue: p.lowercased()) ?? .other }
        if let c = try string(m, "channel") { request.channel = CheckRequest.Channel(rawValue: c.lowercased()) ?? .sms }
        do {
            try request.validate()
        } catch {
            throw .badRequest(error.description, field: error.field)
        }
        return request
    }

    /// The body of `POST /v1/verified`: `{"id"}` or `{"to"}`.
    static func verificationRequest(_ body: ByteBuffer) throws(APIError) -> VerificationRequest {
        let m = try object(body)
        let request = VerificationRequest(id: try string(m, "id"), to: try string(m, "to"))
        do {
            try request.validate()
        } catch {
            throw .badRequest(error.description, field: error.field)
        }
        return request
    }

    private static func member(_ m: [(String, JSONValue)], _ key: String) -> JSONValue? {
        for (k, v) in m where k == key { return v }
        return nil
    }

    /// An optional string member; `null` reads as absent, numbers as their text (ids are often numeric).
    private static func string(_ m: [(String, JSONValue)], _ key: String) throws(APIError) -> String? {
        switch member(m, key) {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .int(let i)? where key == "id" || key == "user" || key == "session": return String(i)
        default: throw .badRequest("\(key): expected a string", field: key)
        }
    }
}
