import Hummingbird
import Logging

/// Logs each request when it completes: method, path, status and duration, at debug
/// level (server errors at error level). Never the query string, headers or body.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.logger.logLevel <= .debug else {
            do {
                return try await next(request, context)
            } catch let error as any HTTPResponseError {
                throw error
            } catch {
                context.logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
                throw error
            }
        }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), start: start)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context, status: Int(error.status.code), start: start)
            throw error
        } catch {
            context.logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let level: Logger.Level = status >= 500 ? .error : .debug
        guard context.logger.logLevel <= level else { return }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(
            level: level, "request",
            metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)", "duration_ms": "\(ms)"])
    }
}
