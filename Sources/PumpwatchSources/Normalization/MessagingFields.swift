import PumpwatchCore

/// The common fields that every messaging and request source adds next to its own, so that one
/// query can read Twilio, SNS, web and app logs alike.
///
/// Field names: `@timestamp` (date), `event.dataset`, `event.action`, `event.outcome`,
/// `sms.to`, `sms.from`, `sms.status` (lowercased), `sms.price` (Double, a positive cost),
/// `sms.price_unit`, `sms.account`, `sms.message_id`, `sms.mcc`, `sms.mnc` (strings, leading zeros kept),
/// `sms.segments` (Int), `sms.direction`, `sms.error_code` (string); and for web and app requests
/// `source.ip`, `http.request.method`, `url.original`, `url.path`, `url.query`,
/// `http.response.status_code` (Int), `user_agent.original` (with `user_agent.name` and `.version`).
public struct MessagingFields: Sendable {
    public var timestamp: Int64?
    public var dataset: String
    public var action: String?
    public var outcome: String?
    public var to: String?
    public var from: String?
    public var status: String?
    public var price: Double?
    public var priceUnit: String?
    public var account: String?
    public var messageID: String?
    public var mcc: String?
    public var mnc: String?
    public var segments: Int64?
    public var direction: String?
    public var errorCode: String?
    public var sourceIP: String?
    public var method: String?
    public var url: String?
    public var path: String?
    public var query: String?
    public var statusCode: Int64?
    public var userAgent: String?

    public init(dataset: String) {
        self.dataset = dataset
    }

    /// Writes the fields that are set into `fields`, replacing source fields of the same name.
    public func apply(to fields: inout [String: Value]) {
        func put(_ name: String, _ v: String?) { if let v, !v.isEmpty { fields[name] = .string(v) } }
        if let timestamp { fields["@timestamp"] = .date(timestamp) }
        fields["event.dataset"] = .string(dataset)
        put("event.action", action)
        put("event.outcome", outcome)
        put("sms.to", to)
        put("sms.from", from)
        put("sms.status", status?.lowercased())
        if let price { fields["sms.price"] = .double(price) }
        put("sms.price_unit", priceUnit)
        put("sms.account", account)
        put("sms.message_id", messageID)
        put("sms.mcc", mcc)
        put("sms.mnc", mnc)
        if let segments { fields["sms.segments"] = .int(segments) }
        put("sms.direction", direction)
        put("sms.error_code", errorCode)
        put("source.ip", sourceIP)
        put("http.request.method", method)
        put("url.original", url)
        put("url.path", path)
        put("url.query", query)
        if let statusCode { fields["http.response.status_code"] = .int(statusCode) }
        if let userAgent, !userAgent.isEmpty {
            fields["user_agent.original"] = .string(userAgent)
            let client = UserAgentParser.parse(userAgent)
            fields["user_agent.name"] = .string(client.name)
            if let v = client.version { fields["user_agent.version"] = .string(v) }
        }
    }

    /// A price as a positive cost: Twilio writes charges as negative strings (`"-0.00750"` is 0.0075).
    public static func cost(_ v: JSONValue?) -> Double? {
        guard let v, let text = v.scalarText, let d = Value.parseNumber(text), d.isFinite else { return nil }
        return abs(d)
    }

    /// A scalar as text (`310` and `"310"` both give `"310"`); `nil` for null, empty text and containers.
    public static func text(_ v: JSONValue?) -> String? {
        guard let v, let t = v.scalarText, !t.isEmpty else { return nil }
        return t
    }

    /// A whole number from a number or numeric string (`"2"` is 2).
    public static func integer(_ v: JSONValue?) -> Int64? {
        guard let v else { return nil }
        switch v {
        case .int(let i): return i
        case .double(let d): return d == d.rounded() ? Int64(exactly: d) : nil
        case .string(let s): return Value.string(s).intValue
        default: return nil
        }
    }

    /// Epoch milliseconds from a date string (ISO 8601, RFC 2822, epoch) or an epoch number.
    public static func date(_ v: JSONValue?) -> Int64? {
        guard let v else { return nil }
        switch v {
        case .string(let s): return Timestamp.parse(s)
        case .int(let i): return Timestamp.epochToMillis(Double(i))
        case .double(let d): return Timestamp.epochToMillis(d)
        default: return nil
        }
    }

    /// Splits a request target or URL into its path and query (`/a/b?x=1` gives `/a/b` and `x=1`).
    public static func pathAndQuery(_ target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
                rest = rest[slash...]
            } else {
                rest = "/"
            }
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let q = rest.firstIndex(of: "?") else { return (rest.isEmpty ? "/" : String(rest), nil) }
        let path = rest[..<q]
        let query = rest[rest.index(after: q)...]
        return (path.isEmpty ? "/" : String(path), query.isEmpty ? nil : String(query))
    }
}
