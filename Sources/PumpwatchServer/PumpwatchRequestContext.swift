import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the name of the bearer
/// token that authorised the request.
public struct PumpwatchRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The configured name of the token the request carried; `nil` on the open health routes.
    public var client: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
