import Foundation
import PumpwatchStore

/// The `notifications:` section: where alerts are sent, how often the outbox is polled and how
/// failed deliveries are retried.
///
/// ```yaml
/// notifications:
///   poll_interval: 1s
///   retry: {initial: 2s, max: 10m, attempts: 12}
///   sinks:
///     - name: soc-webhook
///       type: webhook
///       url: https://hooks.example.com/pumpwatch
///       secret_env: PUMPWATCH_WEBHOOK_SECRET     # or secret_file; never inline
///       min_severity: medium
///       timeout: 5s
///     - name: slack-fraud
///       type: slack
///       url_env: SLACK_WEBHOOK_URL               # or url_file: a Slack webhook URL is a secret
/// ```
///
/// Secrets come from the environment or from files (relative paths are read from the
/// configuration file's folder), never from the configuration itself. Errors name the key path
/// and the reason, and never quote a secret.
public struct NotificationConfiguration: Sendable {
    /// Where alerts go, in configuration order.
    public var sinks: [NotificationSink] = []
    /// Seconds between looks at the outbox when it has nothing due.
    public var pollInterval: Double = 1
    /// How failed deliveries are retried before they become dead letters.
    public var retry = NotificationRetryPolicy()

    /// No sinks: alerts are stored but sent nowhere.
    public init() {}

    /// The names of the sinks an alert of `severity` goes to (those whose `min_severity` it
    /// meets), in configuration order: the list to give `upsertAlert(_:notify:at:)`.
    public func sinkNames(forSeverity severity: String) -> [String] {
        sinks.filter { $0.accepts(severity: severity) }.map(\.name)
    }

    /// The sink configured as `name`, if any.
    public func sink(named name: String) -> NotificationSink? {
        sinks.first { $0.name == name }
    }

    /// Reads the section at `node`; errors name the key path and the reason.
    static func read(_ node: ConfigNode, file: String?) throws(ConfigurationError) -> NotificationConfiguration {
        try read(node, file: file, environment: ProcessInfo.processInfo.environment)
    }

    /// Reads the section at `node`, taking `*_env` values from `environment`.
    static func read(_ node: ConfigNode, file: String?, environment: [String: String]) throws(ConfigurationError) -> NotificationConfiguration {
        var c = NotificationConfiguration()
        for (key, v) in try node.mapping(allowed: ["poll_interval", "retry", "sinks"]) where !v.isNull {
            switch key {
            case "poll_interval": c.pollInterval = try v.seconds(in: 0.05...3600)
            case "retry": c.retry = try readRetry(v)
            case "sinks":
                for item in try v.list() {
                    let sink = try readSink(item, file: file, environment: environment)
                    if c.sinks.contains(where: { $0.name == sink.name }) {
                        throw ConfigurationError(
                            file: file, key: "\(item.path).name", reason: "the sink name '\(sink.name)' is used twice; names must be unique",
                            line: item.line(following: "name") ?? item.line)
                    }
                    c.sinks.append(sink)
                }
            default: break
            }
        }
        return c
    }

    private static func readRetry(_ node: ConfigNode) throws(ConfigurationError) -> NotificationRetryPolicy {
        var r = NotificationRetryPolicy()
        var maxNode: ConfigNode?
        for (key, v) in try node.mapping(allowed: ["initial", "max", "attempts"]) where !v.isNull {
            switch key {
            case "initial": r.initial = try v.seconds(in: 0.1...86_400)
            case "max":
                r.maximum = try v.seconds(in: 0.1...(7 * 86_400))
                maxNode = v
            case "attempts": r.attempts = try v.int(in: 1...100)
            default: break
            }
        }
        if r.maximum < r.initial {
            throw (maxNode ?? node).error("the longest delay (\(r.maximum)s) is shorter than the first (\(r.initial)s)")
        }
        return r
    }

    static let sinkKeys: [NotificationSinkKind: [String]] = [
        .webhook: ["name", "type", "url", "url_env", "url_file", "secret_env", "secret_file", "min_severity", "timeout"],
        .slack: ["name", "type", "url_env", "url_file", "min_severity", "timeout"],
    ]

    private static func readSink(_ node: ConfigNode, file: String?, environment: [String: String]) throws(ConfigurationError) -> NotificationSink {
        guard node.isMapping else { throw node.error("expected a sink mapping with name, type and url, found \(node.kindName)") }
        let kinds = NotificationSinkKind.allCases.map(\.rawValue).joined(separator: " or ")
        guard case .mapping(let raw) = node.node, let typeValue = raw.first(where: { $0.key.string == "type" })?.value else {
            throw node.error("give the sink's type: \(kinds)")
        }
        let typeNode = ConfigNode(node: typeValue, path: "\(node.path).type", file: file)
        let typeText = try typeNode.string()
        guard let kind = NotificationSinkKind(rawValue: typeText.lowercased()) else {
            throw typeNode.error("expected \(kinds), found '\(typeText.prefix(40))'")
        }
        let allowed = sinkKeys[kind] ?? []
        let members: [(String, ConfigNode)]
        do throws(ConfigurationError) {
            // `secret` and a Slack `url` are read so that their error can say what to give instead.
            members = try node.mapping(allowed: allowed + ["secret", "url"])
        } catch where error.reason.hasPrefix("unknown key") {
            throw ConfigurationError(
                file: file, key: error.key, reason: "unknown key for a \(kind.rawValue) sink; expected one of \(allowed.joined(separator: ", "))",
                line: error.line)
        }
        var name: String?
        var url: URL?
        var secret: [UInt8]?
        var minimumSeverity: String?
        var timeout: Double = 5
        for (key, v) in members where !v.isNull {
            if key == "secret" {
                throw v.error("a secret is never written in the configuration: give secret_env (an environment variable) or secret_file")
            }
            if kind == .slack && key == "url" {
                throw v.error("a Slack webhook URL is a secret: give url_env (an environment variable) or url_file")
            }
            switch key {
            case "name":
                let n = try v.string()
                guard (1...64).contains(n.count), n.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                    throw v.error("expected a name of 1 to 64 letters, digits, '-', '_' or '.', found \(v.kindName)")
                }
                name = n
            case "type": break
            case "url":
                let text = try v.string()
                guard let u = webhookURL(text) else { throw v.error("expected an http:// or https:// URL with a host, found \(v.kindName)") }
                url = u
            case "url_env", "url_file":
                let text = try secretText(v, file: file, environment: environment)
                guard let u = webhookURL(text) else {
                    throw v.error("\(v.kindName) does not hold an http:// or https:// URL with a host")
                }
                url = u
            case "secret_env", "secret_file":
                let text = try secretText(v, file: file, environment: environment)
                guard text.utf8.count >= 16 else {
                    throw v.error("the secret in \(v.kindName) is shorter than 16 bytes; make one with `openssl rand -hex 32`")
                }
                secret = Array(text.utf8)
            case "min_severity":
                let s = try v.string()
                guard AlertSeverity.rank(of: s) != nil else {
                    throw v.error("expected one of \(AlertSeverity.ordered.joined(separator: ", ")), found '\(s.prefix(40))'")
                }
                minimumSeverity = s.lowercased()
            case "timeout": timeout = try v.seconds(in: 0.1...120)
            default: break
            }
        }
        guard let name else { throw node.error("give the sink's name (used in the outbox and the logs)") }
        guard let url else {
            throw node.error(kind == .slack ? "give the Slack webhook URL as url_env or url_file" : "give the webhook's url (or url_env, url_file)")
        }
        if kind == .webhook && secret == nil {
            throw node.error("give the signing secret as secret_env or secret_file; webhook deliveries are always signed")
        }
        return NotificationSink(name: name, kind: kind, url: url, secret: secret, minimumSeverity: minimumSeverity, timeout: timeout)
    }

    /// The secret named by a `*_env` key (an environment variable) or a `*_file` key (a file,
    /// relative to the configuration's folder), without surrounding whitespace.
    private static func secretText(_ v: ConfigNode, file: String?, environment: [String: String]) throws(ConfigurationError) -> String {
        let reference = try v.string()
        let text: String
        if v.path.hasSuffix("_env") {
            guard let value = environment[reference] else { throw v.error("the environment variable \(reference) is not set") }
            text = value
        } else {
            let path = resolve(reference, file: file)
            guard let data = FileManager.default.contents(atPath: path) else { throw v.error("cannot read the file \(path)") }
            guard let s = String(data: data, encoding: .utf8) else { throw v.error("the file \(path) is not UTF-8 text") }
            text = s
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw v.error("\(v.path.hasSuffix("_env") ? "the environment variable" : "the file") \(reference) is empty") }
        return trimmed
    }

    private static func webhookURL(_ text: String) -> URL? {
        guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = u.host, !host.isEmpty
        else { return nil }
        return u
    }

    private static func resolve(_ path: String, file: String?) -> String {
        guard !path.hasPrefix("/"), let file else { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}
