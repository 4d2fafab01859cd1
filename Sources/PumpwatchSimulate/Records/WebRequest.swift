/// One HTTP request to the shop: a line in nginx's access log and, for API calls, an AppRequests row.
struct WebRequest {
    var millis: Int64
    var clientIP: String
    var method: String
    var path: String
    var query: String?
    var status: Int
    var responseBytes: Int
    var referer: String?
    var userAgent: String
    var durationMs: Double
    /// The trace id Application Insights gives the operation (32 hex digits).
    var operationID: String
    /// The request's own id (16 hex digits).
    var requestID: String
    /// The API instance that served it.
    var roleInstance: String

    /// True for requests the API serves (and Application Insights traces); pages and assets are nginx only.
    var isAPIRequest: Bool { path.hasPrefix("/api/") }

    /// The route name Application Insights gives the request (`POST /api/auth/send-otp`).
    var operationName: String { "\(method) \(routeTemplate)" }

    /// The path with ids replaced by route parameters, as the API's router names it.
    var routeTemplate: String {
        for (prefix, parameter) in [("/api/products/", ":slug"), ("/api/orders/", ":orderId")] where path.hasPrefix(prefix) {
            return prefix + parameter
        }
        return path
    }
}
