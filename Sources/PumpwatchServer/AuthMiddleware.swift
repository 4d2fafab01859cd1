import Crypto
import Hummingbird
import PumpwatchGuard

/// Lets a request through only with `Authorization: Bearer TOKEN` whose SHA-256 is configured:
/// 401 without a bearer token, 403 with a wrong one. `/healthz` and `/readyz` are open, and the
/// Twilio and Firehose ingest routes (`selfAuthenticatedPaths`) check their senders' own
/// credentials (Twilio signatures, Basic credentials, Firehose access keys) instead.
/// The web console's pages (`/` and `/console/...`) also take the session cookie of
/// `ConsoleSessions` and send a browser without one to `/console/login` (303), which is open.
///
/// The presented token is hashed and compared with every configured digest in constant time,
/// so neither the match nor its position shows in the timing. Tokens never reach the logs.
public struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Paths answered without a token.
    public static var openPaths: Set<String> { ["/healthz", "/readyz"] }
    /// Paths whose routes authenticate the request themselves, with the sender's own scheme.
    public static var selfAuthenticatedPaths: Set<String> { ["/v1/twilio/events", "/v1/twilio/status", "/v1/aws/firehose"] }

    let tokens: [TokenDigest]
    let sessions: ConsoleSessions
    /// The time session cookies are checked at, in epoch milliseconds: the clock `ConsoleRoutes`
    /// issues them with.
    let now: @Sendable () -> Int64
    let setClient: @Sendable (inout Context, String) -> Void

    /// A middleware accepting `tokens`, and on the console's pages the session cookies of `sessions`,
    /// checked at `now` (epoch milliseconds; give it the console routes' clock); `setClient` records
    /// the matching token's name in the context.
    public init(
        tokens: [TokenDigest], sessions: ConsoleSessions = .processWide,
        setClient: @escaping @Sendable (inout Context, String) -> Void = { _, _ in },
        now: @escaping @Sendable () -> Int64 = { Guard.nowMillis() }
    ) {
        self.tokens = tokens
        self.sessions = sessions
        self.now = now
        self.setClient = setClient
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if AuthMiddleware.openPaths.contains(request.uri.path) || AuthMiddleware.selfAuthenticatedPaths.contains(request.uri.path)
            || ConsoleSessions.isOpen(path: request.uri.path)
        {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], let token = AuthMiddleware.bearerToken(header) else {
            if ConsoleSessions.acceptsCookie(path: request.uri.path) {
                guard let name = sessions.client(of: request, tokens: tokens, now: now() / 1000) else {
                    return .redirect(to: ConsoleSessions.loginPath, type: .normal)
                }
                var context = context
                setClient(&context, name)
                return try await next(request, context)
            }
            throw APIError(.unauthorized, "a bearer token is required: send Authorization: Bearer TOKEN", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard let name = match(token) else {
            throw APIError(.forbidden, "the bearer token is not accepted")
        }
        var context = context
        setClient(&context, name)
        return try await next(request, context)
    }

    /// The name of the configured token whose digest is the SHA-256 of `token`.
    func match(_ token: Substring) -> String? {
        let digest = SHA256.hash(data: Array(token.utf8))
        var found = -1
        digest.withUnsafeBytes { d in
            for (index, t) in tokens.enumerated() {
                var diff: UInt8 = 0
                for i in 0..<32 { diff |= d[i] ^ t.sha256[i] }
                // Branch-free select: keeps the first match without an early exit.
                let isMatch = Int(diff == 0 ? 1 : 0)
                let unset = Int(found < 0 ? 1 : 0)
                found = found &+ (isMatch & unset) &* (index &- found)
            }
        }
        return found >= 0 ? tokens[found].name : nil
    }

    /// The token of an `Authorization: Bearer TOKEN` header value.
    static func bearerToken(_ header: String) -> Substring? {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).drop(while: { $0 == " " })
        var end = token.endIndex
        while end > token.startIndex, token[token.index(before: end)] == " " { end = token.index(before: end) }
        let t = token[..<end]
        return t.isEmpty ? nil : t
    }
}
