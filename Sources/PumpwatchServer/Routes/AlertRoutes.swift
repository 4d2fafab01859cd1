import Hummingbird
import PumpwatchCore
import PumpwatchGuard
import PumpwatchStore

/// The alert routes, mounted at `/v1`: `GET /v1/alerts` (filtered listing, newest first),
/// `GET /v1/alerts/{id}` (one alert with its state history), and `POST /v1/alerts/{id}/acknowledge`
/// and `/resolve` (triage, by the name of the request's bearer token).
///
/// ```swift
/// AlertRoutes(store: store).addRoutes(to: router.group("v1"))
/// ```
struct AlertRoutes<Store: PumpwatchStore> {
    /// The largest body a state change reads.
    static var bodyLimit: Int { 16 * 1024 }

    let store: Store
    /// The clock, epoch milliseconds.
    let now: @Sendable () -> Int64

    init(store: Store, now: @escaping @Sendable () -> Int64 = { Guard.nowMillis() }) {
        self.store = store
        self.now = now
    }

    /// Adds the routes to `group`, which is mounted at `/v1`.
    func addRoutes(to group: RouterGroup<PumpwatchRequestContext>) {
        group.get("alerts", use: list)
        group.get("alerts/:id", use: show)
        group.post("alerts/:id/acknowledge") { request, context in
            try await self.change(request, context: context, to: .acknowledged)
        }
        group.post("alerts/:id/resolve") { request, context in
            try await self.change(request, context: context, to: .resolved)
        }
    }

    @Sendable func list(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let filter: AlertFilter
        do {
            filter = try AlertQuery.filter(query, now: now())
        } catch {
            throw APIError.badRequest(error.message, field: error.parameter)
        }
        let alerts = try await store.alerts(matching: filter)
        return .json(AlertJSON.list(alerts))
    }

    @Sendable func show(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let id = try AlertRoutes.id(context)
        guard let alert = try await store.alert(id: id) else { throw AlertRoutes.notFound(id) }
        let history = try await store.alertStateChanges(id: id)
        return .json(AlertJSON.alert(alert, history: history))
    }

    func change(_ request: Request, context: PumpwatchRequestContext, to state: AlertState) async throws -> Response {
        let id = try AlertRoutes.id(context)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: AlertRoutes.bodyLimit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is over the limit of \(AlertRoutes.bodyLimit) bytes")
        }
        let note = try AlertRoutes.note(body)
        let actor = context.client ?? "unknown"
        guard let alert = try await store.setAlertState(id: id, to: state, by: actor, note: note, at: now()) else {
            throw AlertRoutes.notFound(id)
        }
        let history = try await store.alertStateChanges(id: id)
        return .json(AlertJSON.alert(alert, history: history))
    }

    /// The `{id}` of the path: a positive whole number, else 400.
    static func id(_ context: PumpwatchRequestContext) throws(APIError) -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw .badRequest("id: expected an alert id (a positive whole number), found '\(text.prefix(40))'", field: "id")
        }
        return id
    }

    /// The optional `note` of a state change body `{"note": "..."}`; an empty body has none.
    static func note(_ body: ByteBuffer) throws(APIError) -> String? {
        guard body.readableBytes > 0 else { return nil }
        let members = try RequestReader.object(body)
        guard let value = members.last(where: { $0.0 == "note" })?.1 else { return nil }
        switch value {
        case .null: return nil
        case .string(let note):
            guard note.count <= AlertQuery.noteLimit else { throw .badRequest("note: at most \(AlertQuery.noteLimit) characters", field: "note") }
            return note.isEmpty ? nil : note
        default: throw .badRequest("note: expected a string", field: "note")
        }
    }

    static func notFound(_ id: Int64) -> APIError {
        APIError(.notFound, "no alert with id \(id)", field: "id")
    }
}
