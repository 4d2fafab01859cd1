import Hummingbird
import PumpwatchCore
import PumpwatchStore

/// `GET /v1/notifications?state=pending|delivered|failed&limit=N`: the notification outbox,
/// newest first. `state=failed` lists the dead letters with the last error of each.
///
/// ```json
/// {"notifications": [{"id": 7, "alert_id": 42, "sink": "soc-webhook", "state": "failed", "attempts": 1,
///   "next_attempt_at": "2026-11-27T10:15:00.000Z", "last_error": "HTTP 410: gone",
///   "created_at": "2026-11-27T10:15:00.000Z", "delivered_at": null}]}
/// ```
public struct NotificationRoutes<Store: PumpwatchStore>: Sendable {
    /// The default and largest page.
    static var defaultLimit: Int { 100 }
    static var maximumLimit: Int { 1000 }

    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Adds the route to `group`, which is mounted at `/v1`.
    public func addRoutes(to group: RouterGroup<PumpwatchRequestContext>) {
        group.get("notifications", use: list)
    }

    @Sendable func list(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let (state, limit) = try NotificationRoutes.filter(query)
        let entries = try await store.notifications(state: state, limit: limit)
        return .json(NotificationRoutes.json(entries))
    }

    /// The state (nil for all) and page size asked for by `query`.
    static func filter(_ query: [(String, String)]) throws(APIError) -> (NotificationState?, Int) {
        var state: NotificationState?
        var limit = defaultLimit
        for (key, value) in query {
            switch key {
            case "state":
                guard let s = NotificationState(rawValue: value.lowercased()) else {
                    throw .badRequest("state: expected pending, delivered or failed, found '\(value.prefix(40))'", field: "state")
                }
                state = s
            case "limit":
                guard let n = Int(value), (1...maximumLimit).contains(n) else {
                    throw .badRequest("limit: expected a whole number from 1 to \(maximumLimit)", field: "limit")
                }
                limit = n
            default:
                throw .badRequest("unknown query parameter '\(key.prefix(40))'; expected state or limit", field: String(key.prefix(40)))
            }
        }
        return (state, limit)
    }

    /// `{"notifications": [...]}`.
    static func json(_ entries: [OutboxEntry]) -> [UInt8] {
        var json = JSONBytes(capacity: 64 + entries.count * 256)
        json.raw("{\"notifications\":[")
        for (i, e) in entries.enumerated() {
            if i > 0 { json.raw(",") }
            json.raw("{\"id\":")
            json.int(Int(e.id))
            json.raw(",\"alert_id\":")
            json.int(Int(e.alertID))
            json.raw(",\"sink\":")
            json.string(e.sink)
            json.raw(",\"state\":")
            json.string(e.state.rawValue)
            json.raw(",\"attempts\":")
            json.int(e.attempts)
            json.raw(",\"next_attempt_at\":")
            json.string(Timestamp.iso8601(millis: e.nextAttemptAt))
            json.raw(",\"last_error\":")
            json.string(e.lastError)
            json.raw(",\"created_at\":")
            json.string(Timestamp.iso8601(millis: e.createdAt))
            json.raw(",\"delivered_at\":")
            json.string(e.deliveredAt.map { Timestamp.iso8601(millis: $0) })
            json.raw("}")
        }
        json.raw("]}")
        return json.bytes
    }
}
