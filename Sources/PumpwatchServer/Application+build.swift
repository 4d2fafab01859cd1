import Hummingbird
import Logging
import PumpwatchStore

/// The application `pumpwatch serve` runs, with its store opened from `configuration`
/// (SQLite at `store.path`, WAL mode).
public func buildApplication(configuration: ServerConfiguration, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let store = try SQLiteStore.open(path: configuration.databasePath)
    return try await buildApplication(configuration: configuration, store: store, logger: logger)
}

/// The application over `store`: the routes, the bearer-token and body-size checks, and the
/// services that record decisions, checkpoint the guard's state and reload its policy on SIGHUP.
///
/// The guard's state is restored from the store before this returns. Run the result with
/// `runService()` (graceful shutdown on SIGTERM and SIGINT), or test it in process with
/// `HummingbirdTesting`.
public func buildApplication<Store: PumpwatchStore>(
    configuration: ServerConfiguration, store: Store, logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "pumpwatch")
    if logger == nil { log.logLevel = configuration.logLevel }
    let guardService = try await GuardService.start(configuration: configuration, store: store, logger: log)

    let router = Router(context: PumpwatchRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: AuthMiddleware(tokens: configuration.tokens) { context, name in context.client = name })
    router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit))
    HealthRoutes(service: guardService).addRoutes(to: router)
    OpenAPIRoutes().addRoutes(to: router)
    GuardRoutes(service: guardService, bodyLimit: configuration.bodyLimit).addRoutes(to: router.group("v1"))

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pumpwatch"),
        logger: log
    )
    app.addServices(
        guardService.recorder,
        CheckpointService(guardService: guardService, interval: configuration.checkpointInterval),
        ReloadService(guardService: guardService)
    )
    return app
}
