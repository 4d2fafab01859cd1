import Hummingbird

/// Refuses with 413 a request whose `Content-Length` is over the limit, before its body is read.
/// Bodies without a length (chunked) are held to the same limit by the routes that read them.
/// Routes with a limit of their own (the ingest routes) are listed in `exempt`.
public struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    public let limit: Int
    /// Paths whose routes enforce their own limit.
    public let exempt: Set<String>

    public init(limit: Int, exempt: Set<String> = []) {
        self.limit = limit
        self.exempt = exempt
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let text = request.headers[.contentLength], let length = Int(text), length > limit, !exempt.contains(request.uri.path) {
            throw APIError(.contentTooLarge, "the body is \(length) bytes; the limit is \(limit)")
        }
        return try await next(request, context)
    }
}
