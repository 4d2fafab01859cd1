import Hummingbird
import PumpwatchGuard
import PumpwatchStore

/// The web console: `GET /` lists the open and acknowledged alerts (or those of `?state=`), with a
/// timeline of alerts per hour and Acknowledge / Resolve buttons that post to
/// `/console/alerts/{id}/acknowledge` and `/resolve`. `GET` and `POST /console/login` sign in with a
/// token and set the session cookie (`ConsoleSessions`); `POST /console/logout` ends the session.
///
/// Every post must come from the console's own pages (its `Origin` or `Referer` names this host),
/// else 403. State changes are recorded with the name of the token the session stands for.
///
/// ```swift
/// ConsoleRoutes(store: store, tokens: configuration.tokens).addRoutes(to: router)
/// ```
struct ConsoleRoutes<Store: PumpwatchStore> {
    /// The most alerts one page lists.
    static var pageLimit: Int { 200 }

    let store: Store
    /// The configured tokens, for the login form.
    let tokens: [TokenDigest]
    let sessions: ConsoleSessions
    /// The clock, epoch milliseconds.
    let now: @Sendable () -> Int64

    init(
        store: Store, tokens: [TokenDigest], sessions: ConsoleSessions = .processWide,
        now: @escaping @Sendable () -> Int64 = { Guard.nowMillis() }
    ) {
        self.store = store
        self.tokens = tokens
        self.sessions = sessions
        self.now = now
    }

    func addRoutes(to router: Router<PumpwatchRequestContext>) {
        router.get("/", use: page)
        router.get("console/login", use: loginForm)
        router.post("console/login", use: login)
        router.post("console/logout", use: logout)
        router.post("console/alerts/:id/acknowledge") { request, context in
            try await self.change(request, context: context, to: .acknowledged)
        }
        router.post("console/alerts/:id/resolve") { request, context in
            try await self.change(request, context: context, to: .resolved)
        }
    }

    @Sendable func page(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let filter = ConsoleFilter(query: request.uri.queryParameters["state"].map(String.init))
        let millis = now()
        var alerts: [AlertRecord] = []
        for state in filter.states {
            alerts += try await store.alerts(matching: AlertFilter(state: state, limit: ConsoleRoutes.pageLimit + 1))
        }
        alerts.sort { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
        let truncated = alerts.count > ConsoleRoutes.pageLimit
        if truncated { alerts.removeLast(alerts.count - ConsoleRoutes.pageLimit) }

        var active = Array(repeating: 0, count: AlertSeverity.ordered.count)
        for state in [AlertState.open, .acknowledged] {
            for alert in try await store.alerts(matching: AlertFilter(state: state, limit: AlertFilter.maximumLimit)) {
                active[AlertSeverity.rank(of: alert.draft.severity) ?? 0] += 1
            }
        }
        let recent = try await store.alerts(
            matching: AlertFilter(since: millis - Int64(ConsoleChart.hours) * 3_600_000, limit: AlertFilter.maximumLimit))
        let listing = ConsolePage.Listing(
            client: context.client ?? "unknown", filter: filter, alerts: alerts, truncated: truncated, activeBySeverity: active,
            chart: ConsoleChart.buckets(recent, now: millis), now: millis)
        return ConsoleRoutes.html(ConsolePage.alerts(listing))
    }

    @Sendable func loginForm(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        ConsoleRoutes.html(ConsolePage.login(message: nil))
    }

    @Sendable func login(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        guard ConsoleForm.isSameOrigin(request) else { return ConsoleRoutes.crossSite() }
        let fields = ConsoleForm.fields(try await ConsoleForm.body(request))
        let token = (fields["token"] ?? "").filter { !$0.isWhitespace }
        guard !token.isEmpty else {
            return ConsoleRoutes.html(ConsolePage.login(message: "Enter a token."), status: .badRequest)
        }
        guard let name = AuthMiddleware<PumpwatchRequestContext>(tokens: tokens).match(Substring(token)) else {
            context.logger.notice("console sign-in refused: the token is not accepted")
            return ConsoleRoutes.html(ConsolePage.login(message: "That token is not accepted."), status: .forbidden)
        }
        context.logger.info("console sign-in", metadata: ["client": "\(name)"])
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(sessions.cookie(for: name, now: now() / 1000, secure: ConsoleForm.isHTTPS(request)))
        return response
    }

    @Sendable func logout(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        guard ConsoleForm.isSameOrigin(request) else { return ConsoleRoutes.crossSite() }
        var response = Response.redirect(to: ConsoleSessions.loginPath, type: .normal)
        response.setCookie(ConsoleSessions.endingCookie)
        return response
    }

    func change(_ request: Request, context: PumpwatchRequestContext, to state: AlertState) async throws -> Response {
        guard ConsoleForm.isSameOrigin(request) else { return ConsoleRoutes.crossSite() }
        let id = try AlertRoutes<Store>.id(context)
        let fields = ConsoleForm.fields(try await ConsoleForm.body(request))
        var note = fields["note"].map { String($0.prefix(AlertQuery.noteLimit)) }
        if let text = note, text.allSatisfy({ $0.isWhitespace }) { note = nil }
        let actor = context.client ?? "unknown"
        guard try await store.setAlertState(id: id, to: state, by: actor, note: note, at: now()) != nil else {
            throw AlertRoutes<Store>.notFound(id)
        }
        let back = ConsoleFilter(query: fields["state"])
        return .redirect(to: back.path + "#alert-\(id)", type: .normal)
    }

    /// An HTML page with the console's security headers.
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        for (name, value) in ConsolePage.securityHeaders {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// 403 for a post that did not come from the console's own pages.
    static func crossSite() -> Response {
        html(ConsolePage.refused("The form was not sent from this console's own pages, so nothing was changed."), status: .forbidden)
    }
}
