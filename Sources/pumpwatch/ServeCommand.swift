import ArgumentParser
import Foundation
import Hummingbird
import Logging
import GRDB
import PumpwatchServer
import PumpwatchStore

/// `pumpwatch serve`: the HTTP server that answers "send or not" before each SMS.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: the send-path guard (POST /v1/check, /v1/verified), its stats and stored decisions.",
        discussion: """
            Every route but /healthz and /readyz needs a bearer token whose SHA-256 is listed under \
            server.tokens in the configuration (see docs/serve.md). Logs are JSON lines on standard \
            error. SIGHUP reloads the guard policy keeping its state; SIGTERM or SIGINT stops \
            gracefully, saving the guard's state to the store.
            """
    )

    @Option(help: "The YAML configuration file.")
    var config: String = "pumpwatch.yml"

    @Option(help: "The store: a SQLite file path (sqlite:PATH) or postgres://USER@HOST:PORT/DB. Default: store.path or store.url in the configuration, else ./pumpwatch.sqlite.")
    var db: String?

    @Option(help: "HOST:PORT to listen on, over server.listen in the configuration.")
    var listen: String?

    func run() async throws {
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(path: config)
            if let listen { try configuration.setListen(listen) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let db { configuration.databasePath = db }
        let location: StoreURL
        do {
            location = try StoreURL(parsing: configuration.databasePath)
        } catch {
            FileHandle.standardError.write(Data("error: --db: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let logger = Logger(label: "pumpwatch")
        logger.info(
            "starting",
            metadata: [
                "config": "\(config)", "store": "\(configuration.databasePath)", "listen": "\(configuration.host):\(configuration.port)",
                "mode": "\(configuration.policy.mode.rawValue)", "tokens": "\(configuration.tokens.count)",
            ])
        switch location {
        case .sqlite(let path):
            let store: SQLiteStore<DatabasePool>
            do {
                store = try SQLiteStore.open(path: path, dedup: configuration.ingest.dedup)
            } catch {
                logger.critical("cannot open the store", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
            try await start(configuration, store: store, logger: logger).runService()
        case .postgres(let url):
            let store: PostgresStore
            do {
                store = try await PostgresStore.connect(url: url, logger: logger)
            } catch {
                logger.critical("cannot connect to the store", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
            do {
                try await start(configuration, store: store, logger: logger).runService()
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    /// The application, or exit code 1 with the reason logged.
    private func start<Store: PumpwatchStore>(_ configuration: ServerConfiguration, store: Store, logger: Logger) async throws -> some ApplicationProtocol {
        do {
            return try await buildApplication(configuration: configuration, store: store, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
