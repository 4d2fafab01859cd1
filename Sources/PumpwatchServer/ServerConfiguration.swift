import Foundation
import Logging
import PumpwatchGuard
import PumpwatchStore
import Yams

/// Everything `pumpwatch serve` runs with, read from the YAML configuration: where to listen,
/// who may call, how large a body may be, where the store is, and the guard's policy and state.
///
/// ```yaml
/// server:
///   listen: 127.0.0.1:8080
///   body_limit: 64KiB
///   log_level: info
///   tokens:                          # SHA-256 of each bearer token, never the token
///     - {name: signup-service, sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8}
/// store:
///   path: ./pumpwatch.sqlite
/// guard:
///   fail_open: true                  # saved state unreadable at start: decide without it
///   checkpoint_interval: 5s
///   baseline: baseline.json          # from `pumpwatch baseline build`
///   decisions: {record: true, retention: 30d, queue: 200000}
///   policy:                          # a guard policy, or the path of a policy file
///     mode: enforce
///     cutoffs: {monitor: 30, challenge: 50, block: 80}
/// ```
///
/// Every key is optional except `server.tokens`. Relative paths are read from the
/// configuration file's folder. Errors name the key path, the line and the reason.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    public var port = 8080
    /// Bearer tokens allowed to call every route but `/healthz` and `/readyz`.
    public var tokens: [TokenDigest] = []
    /// The largest request body accepted, bytes; larger bodies get 413.
    public var bodyLimit = 64 * 1024
    public var logLevel: Logger.Level = .info
    /// The store: an SQLite file path (`store.path`) or a `postgres://` URL (`store.url`).
    public var databasePath = "./pumpwatch.sqlite"

    /// The guard's policy.
    public var policy = GuardPolicy()
    /// The baseline the guard starts warm from, a JSON file from `pumpwatch baseline build`.
    public var baselinePath: String?
    /// When the saved guard state cannot be read at start: `true` decides without it (and says
    /// so in the log and stats), `false` blocks every send until it is fixed.
    public var failOpen = true
    /// Seconds between state checkpoints.
    public var checkpointInterval: Double = 5
    /// Whether each decision is stored.
    public var recordDecisions = true
    /// How long stored decisions are kept, seconds; `nil` keeps them for ever.
    public var decisionRetention: Double? = 30 * 86_400
    /// The most decisions waiting to be written; beyond it decisions are counted as dropped.
    public var decisionQueueLimit = 200_000

    /// How the ingest routes authenticate their senders (`ingest:`).
    public var ingest = IngestConfiguration()
    /// Where alerts are sent (`notifications:`).
    public var notifications = NotificationConfiguration()
    /// The rules run on ingested events (`detection:`).
    public var detection = DetectionConfiguration()

    /// The file this configuration was read from, reread on SIGHUP.
    public var file: String?

    /// The top-level keys this version reads.
    public static let topKeys = ["server", "store", "guard", "ingest", "notifications", "detection"]

    /// The default configuration: loopback, 64 KiB bodies, the standard policy, and no token
    /// (so every route but the health checks answers 401 until one is added).
    public init() {}

    /// The configuration in the file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, key: "(file)", reason: "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, key: "(file)", reason: "the configuration file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The configuration in `text`; `file` names it in errors and anchors relative paths.
    public static func parse(_ text: String, file: String? = nil) throws(ConfigurationError) -> ServerConfiguration {
        var c = ServerConfiguration()
        c.file = file
        let root = try ConfigNode.parse(text, file: file)
        var sawTokens = false
        for (key, node) in try root.mapping(allowed: topKeys) where !node.isNull {
            switch key {
            case "server": sawTokens = try c.readServer(node)
            case "store": try c.readStore(node)
            case "guard": try c.readGuard(node)
            case "ingest": c.ingest = try IngestConfiguration.read(node, file: file)
            case "notifications": c.notifications = try NotificationConfiguration.read(node, file: file)
            case "detection": c.detection = try DetectionConfiguration.read(node, resolve: c.resolve)
            default: break
            }
        }
        // The journal must keep what restarts rebuild from: the rules' windows and the dedup window.
        for (name, needed) in [("detection.replay", c.detection.enabled ? c.detection.replay : 0), ("ingest.dedup.window", c.ingest.dedup.window)]
        where c.ingest.journalRetention < needed {
            throw ConfigurationError(
                file: file, key: "ingest.journal_retention",
                reason: "must be at least \(name) (\(needed / 1000) s): a restart rebuilds its state from the journal")
        }
        guard sawTokens, !c.tokens.isEmpty else {
            throw ConfigurationError(
                file: file, key: "server.tokens",
                reason: "required: give at least one bearer token as {name, sha256} (the SHA-256 of the token in hex, e.g. from `printf %s TOKEN | sha256sum`)")
        }
        return c
    }

    private mutating func readServer(_ node: ConfigNode) throws(ConfigurationError) -> Bool {
        var sawTokens = false
        for (key, v) in try node.mapping(allowed: ["listen", "body_limit", "log_level", "tokens"]) where !v.isNull {
            switch key {
            case "listen":
                guard let (h, p) = ServerConfiguration.parseListen(try v.string()) else {
                    throw v.error("expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080, found \(v.kindName)")
                }
                host = h
                port = p
            case "body_limit": bodyLimit = try v.bytes(in: 256...(64 << 20))
            case "log_level":
                let s = try v.string()
                guard let level = Logger.Level(rawValue: s.lowercased()) else {
                    throw v.error("expected trace, debug, info, notice, warning, error or critical, found '\(s)'")
                }
                logLevel = level
            case "tokens":
                sawTokens = true
                tokens = []
                for item in try v.list() {
                    var name = "token-\(tokens.count + 1)"
                    var hexNode = item
                    if item.isMapping {
                        var found: ConfigNode?
                        for (k, x) in try item.mapping(allowed: ["name", "sha256"]) {
                            if k == "name" { name = try x.string() } else { found = x }
                        }
                        guard let found else { throw item.error("give the token's sha256") }
                        hexNode = found
                    }
                    let hex = try hexNode.string()
                    guard let digest = TokenDigest(name: name, hex: hex) else {
                        throw hexNode.error("expected the token's SHA-256 as 64 hexadecimal digits, not the token itself")
                    }
                    tokens.append(digest)
                }
            default: break
            }
        }
        return sawTokens
    }

    private mutating func readStore(_ node: ConfigNode) throws(ConfigurationError) {
        for (key, v) in try node.mapping(allowed: ["path", "url"]) where !v.isNull {
            if key == "path" { databasePath = resolve(try v.string()) }
            if key == "url" {
                let text = try v.string()
                do {
                    _ = try StoreURL(parsing: text)
                } catch {
                    throw v.error("\(error)")
                }
                databasePath = text
            }
        }
    }

    private mutating func readGuard(_ node: ConfigNode) throws(ConfigurationError) {
        let keys = ["policy", "baseline", "fail_open", "checkpoint_interval", "decisions"]
        for (key, v) in try node.mapping(allowed: keys) where !v.isNull {
            switch key {
            case "policy": policy = try readPolicy(v)
            case "baseline": baselinePath = resolve(try v.string())
            case "fail_open": failOpen = try v.bool()
            case "checkpoint_interval": checkpointInterval = try v.seconds(in: 0.1...3600)
            case "decisions":
                for (k, x) in try v.mapping(allowed: ["record", "retention", "queue"]) where !x.isNull {
                    switch k {
                    case "record": recordDecisions = try x.bool()
                    case "retention":
                        if (try? x.string()) == "off" { decisionRetention = nil } else { decisionRetention = try x.seconds(in: 3600...(3650 * 86_400)) }
                    case "queue": decisionQueueLimit = try x.int(in: 1000...10_000_000)
                    default: break
                    }
                }
            default: break
            }
        }
    }

    /// The policy at `guard.policy`: inline, read by the guard's own loader with errors mapped
    /// back to this file's keys and lines, or the path of a policy file.
    private func readPolicy(_ v: ConfigNode) throws(ConfigurationError) -> GuardPolicy {
        if case .scalar = v.node {
            let path = resolve(try v.string())
            do {
                return try PolicyLoader.load(path: path)
            } catch {
                throw ConfigurationError(file: error.file ?? path, key: error.key, reason: error.reason, line: error.line)
            }
        }
        guard v.isMapping else { throw v.error("expected a guard policy mapping or the path of a policy file, found \(v.kindName)") }
        let text: String
        do {
            text = try Yams.serialize(node: v.node)
        } catch {
            throw v.error("cannot read the policy: \(error)")
        }
        do {
            return try PolicyLoader.parse(text, file: file)
        } catch {
            let inner = error.key == "(document)" || error.key.isEmpty ? "" : error.key
            let key = inner.isEmpty ? v.path : "\(v.path).\(inner)"
            return try { () throws(ConfigurationError) -> GuardPolicy in
                throw ConfigurationError(file: file, key: key, reason: error.reason, line: v.line(following: inner) ?? v.line)
            }()
        }
    }

    private func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let file else { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// Sets the address from `HOST:PORT` (`[::1]:8080`, `:8080` for every interface).
    public mutating func setListen(_ text: String) throws(ConfigurationError) {
        guard let (h, p) = ServerConfiguration.parseListen(text) else {
            throw ConfigurationError(key: "--listen", reason: "expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080, found '\(text)'")
        }
        host = h
        port = p
    }

    static func parseListen(_ text: String) -> (String, Int)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let host: Substring
        let portText: Substring
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]"), t[t.index(after: close)...].hasPrefix(":") else { return nil }
            host = t[t.index(after: t.startIndex)..<close]
            portText = t[t.index(close, offsetBy: 2)...]
        } else {
            guard let colon = t.lastIndex(of: ":") else { return nil }
            host = t[..<colon]
            portText = t[t.index(after: colon)...]
            if host.contains(":") { return nil }
        }
        guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        return (host.isEmpty ? "0.0.0.0" : String(host), port)
    }
}
