import Hummingbird

/// Records each request's duration in `ServerMetrics` under its method, its matched route
/// template (`/v1/alerts/{id}`, `NotFound` when no route matched) and its status, including
/// requests refused with an error. Add it before the routes it should measure.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public let metrics: ServerMetrics

    public init(metrics: ServerMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context, status: Int(status), start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "NotFound"
        metrics.request(method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
    }
}
