import Hummingbird

/// Refuses with 413 a request whose `Content-Length` is over the limit, before its body is read.
/// Bodies without a length (chunked) are held to the same limit by the routes that read them.
public struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    public let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let text = request.headers[.contentLength], let length = Int(text), length > limit {
            throw APIError(.contentTooLarge, "the body is \(length) bytes; the limit is \(limit)")
        }
        return try await next(request, context)
    }
}
