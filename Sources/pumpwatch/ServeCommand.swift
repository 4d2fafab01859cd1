import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PumpwatchServer

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

    @Option(help: "The store: a SQLite file path (sqlite:PATH also reads). Default: store.path in the configuration, else ./pumpwatch.sqlite.")
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
        if let db {
            guard let path = ServeCommand.sqlitePath(db) else {
                FileHandle.standardError.write(Data("error: --db: only SQLite is supported for now: give a file path or sqlite:PATH\n".utf8))
                throw ExitCode(2)
            }
            configuration.databasePath = path
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
        let app = try await start(configuration, logger: logger)
        try await app.runService()
    }

    /// The application, or exit code 1 with the reason logged.
    private func start(_ configuration: ServerConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
        do {
            return try await buildApplication(configuration: configuration, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }

    /// The SQLite file of `--db`: a path, `sqlite:PATH` or `sqlite://PATH`; `nil` for other schemes.
    static func sqlitePath(_ text: String) -> String? {
        if text.hasPrefix("sqlite://") { return String(text.dropFirst("sqlite://".count)) }
        if text.hasPrefix("sqlite:") { return String(text.dropFirst("sqlite:".count)) }
        if text.contains("://") { return nil }
        return text
    }
}
