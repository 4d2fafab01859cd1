import Hummingbird
import Logging
import PumpwatchGuard
import PumpwatchStore

/// The application `pumpwatch serve` runs, with its store opened from `configuration`
/// (SQLite at `store.path`, WAL mode).
public func buildApplication(configuration: ServerConfiguration, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let store = try SQLiteStore.open(path: configuration.databasePath, dedup: configuration.ingest.dedup)
    return try await buildApplication(configuration: configuration, store: store, logger: logger)
}

/// The application over `store`: the guard's routes, live ingest with continuous detection, the
/// alert and notification routes, the web console and `/metrics`, behind the bearer-token and
/// body-size checks; and the services that record guard decisions, checkpoint the guard's state,
/// reload its policy on SIGHUP, evaluate the rules and deliver notifications.
///
/// The guard's state is restored from the store, and the rules' windows from the ingest journal,
/// before this returns. Run the result with `runService()` (graceful shutdown on SIGTERM and
/// SIGINT), or test it in process with `HummingbirdTesting`.
public func buildApplication<Store: PumpwatchStore>(
    configuration: ServerConfiguration, store: Store, logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "pumpwatch")
    if logger == nil { log.logLevel = configuration.logLevel }
    let metrics = ServerMetrics()
    let guardService = try await GuardService.start(configuration: configuration, store: store, logger: log)
    guardService.metrics = metrics
    let notifications = NotificationService(store: store, configuration: configuration.notifications, logger: log)
    let detection = try DetectionService(
        store: store, configuration: configuration.detection, notifications: configuration.notifications, metrics: metrics, logger: log)
    detection.onNewAlerts = { _ = await notifications.deliverDue(now: Guard.nowMillis()) }
    if configuration.detection.enabled { try await detection.restore() }

    let router = Router(context: PumpwatchRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: AuthMiddleware(tokens: configuration.tokens) { context, name in context.client = name })
    router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit, exempt: ["/v1/events", "/v1/twilio/events", "/v1/twilio/status", "/v1/aws/firehose"]))
    HealthRoutes(service: guardService).addRoutes(to: router)
    OpenAPIRoutes().addRoutes(to: router)
    MetricsRoutes(metrics: metrics).addRoutes(to: router)
    ConsoleRoutes(store: store, tokens: configuration.tokens).addRoutes(to: router)
    let v1 = router.group("v1")
    GuardRoutes(service: guardService, bodyLimit: configuration.bodyLimit).addRoutes(to: v1)
    AlertRoutes(store: store).addRoutes(to: v1)
    NotificationRoutes(store: store).addRoutes(to: v1)
    let detects = configuration.detection.enabled
    var ingest = IngestRoutes(store: store, configuration: configuration.ingest) { appended in
        for (format, n) in appended.countByFormat { metrics.ingested(format: format.rawValue, count: n) }
        if detects { detection.journaled(upTo: appended.lastSequence) }
    }
    ingest.metrics = metrics
    ingest.addRoutes(to: v1)

    // A connection idle for 30 s (a client that stops sending half-way through a body, or a
    // keep-alive nobody uses) is closed, so slow senders cannot hold connections open.
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(30))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pumpwatch"),
        logger: log
    )
    app.addServices(
        guardService.recorder,
        CheckpointService(guardService: guardService, interval: configuration.checkpointInterval),
        ReloadService(guardService: guardService),
        notifications,
        JournalRetentionService(
            store: store, retention: configuration.ingest.journalRetention, logger: log, now: { Guard.nowMillis() },
            consumed: { [detects] in detects ? detection.consumedSequence : nil })
    )
    if detects { app.addServices(detection) }
    return app
}
