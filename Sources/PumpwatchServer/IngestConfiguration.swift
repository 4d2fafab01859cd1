import Foundation
import PumpwatchStore

/// The `ingest:` section: how large an ingest body may be, the address senders call, and how the
/// Twilio and Firehose routes authenticate their senders.
///
/// ```yaml
/// ingest:
///   body_limit: 16MiB                       # per request, before decompression
///   public_url: https://pumpwatch.example.com   # the address Twilio signs; default http:// + Host
///   twilio:
///     auth_token_env: TWILIO_AUTH_TOKEN     # or auth_token_file: /run/secrets/twilio (never inline)
///     basic_auth: {user: twilio, sha256: <SHA-256 of the password, hex>}   # Event Streams sinks
///   firehose:
///     access_keys: [{name: prod, sha256: <SHA-256 of the X-Amz-Firehose-Access-Key, hex>}]
///   dedup: {window: 2h, max_ids: 4000000}   # SQLite: how far back a re-sent record is found
///   journal_retention: 7d                   # journal entries older than this (and read by the rules) are deleted
/// ```
///
/// The auth token is read from the variable or file when the configuration is loaded; a missing
/// one is an error naming the key. Passwords and access keys are kept as SHA-256 digests only.
public struct IngestConfiguration: Sendable {
    /// The largest ingest request body accepted, bytes, as sent (compressed or not); larger ones get 413.
    public var bodyLimit = 16 << 20
    /// The scheme, host and optional port senders call (`https://pumpwatch.example.com`), with no
    /// trailing slash; Twilio signatures are checked over it plus the request's path and query.
    /// `nil` uses `http://` and the request's Host header.
    public var publicURL: String?
    /// The Twilio account's auth token, which keys `X-Twilio-Signature`; `nil` turns signature checks off.
    public var twilioAuthToken: String?
    /// The HTTP Basic credentials an Event Streams webhook sink URL carries, as a user name and
    /// the SHA-256 of the password.
    public var twilioBasicAuth: BasicCredentialDigest?
    /// The Firehose access keys accepted in `X-Amz-Firehose-Access-Key`, as SHA-256 digests.
    public var firehoseAccessKeys: [TokenDigest] = []
    /// How far back the SQLite store finds a re-sent record (PostgreSQL finds it however old):
    /// `window` covers the senders' retries (Firehose retries for at most two hours), `max_ids`
    /// bounds the memory (about 12 bytes an id).
    public var dedup = JournalDedupWindow.Settings()
    /// Milliseconds: journal entries received longer ago than this, once the rules have read
    /// them, are deleted (`JournalRetentionService`); at least `detection.replay` and `dedup.window`.
    public var journalRetention: Int64 = 7 * 86_400_000

    /// The default: 16 MiB bodies, no Twilio or Firehose credentials (those routes refuse every
    /// request until some are configured).
    public init() {}

    /// The most bytes a body may inflate to when it is gzip: eight times `bodyLimit`, which stops
    /// decompression bombs without refusing ordinary log batches.
    public var decodedBodyLimit: Int {
        bodyLimit.multipliedReportingOverflow(by: 8).overflow ? Int.max : bodyLimit * 8
    }

    /// Reads the section at `node`; errors name the key path and the reason. Secrets come from
    /// the process environment or files at this point.
    static func read(_ node: ConfigNode, file: String?) throws(ConfigurationError) -> IngestConfiguration {
        try read(node, file: file, environment: ProcessInfo.processInfo.environment)
    }

    static func read(_ node: ConfigNode, file: String?, environment: [String: String]) throws(ConfigurationError) -> IngestConfiguration {
        var c = IngestConfiguration()
        for (key, v) in try node.mapping(allowed: ["body_limit", "public_url", "twilio", "firehose", "dedup", "journal_retention"]) where !v.isNull {
            switch key {
            case "body_limit": c.bodyLimit = try v.bytes(in: 1024...(1 << 30))
            case "public_url": c.publicURL = try publicURL(v)
            case "twilio": try c.readTwilio(v, file: file, environment: environment)
            case "firehose": try c.readFirehose(v)
            case "journal_retention": c.journalRetention = Int64(try v.seconds(in: 60...(3650 * 86_400)) * 1000)
            case "dedup":
                for (k, x) in try v.mapping(allowed: ["window", "max_ids"]) where !x.isNull {
                    if k == "window" {
                        c.dedup.window = Int64(try x.seconds(in: 1...(30 * 86_400)) * 1000)
                    } else {
                        c.dedup.maxKeys = try x.int(in: 1000...1_000_000_000)
                    }
                }
            default: break
            }
        }
        return c
    }

    private static func publicURL(_ v: ConfigNode) throws(ConfigurationError) -> String {
        var text = try v.string().trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw v.error("expected a URL starting with https:// or http://, such as https://pumpwatch.example.com")
        }
        while text.hasSuffix("/") { text.removeLast() }
        let rest = text.drop(while: { $0 != ":" }).dropFirst(3)
        guard !rest.isEmpty, !rest.contains("?"), !rest.contains("#"), !rest.contains("@"), !rest.contains(" ") else {
            throw v.error("expected a scheme and host with an optional port and path prefix, without query, fragment or credentials")
        }
        return text
    }

    private mutating func readTwilio(_ node: ConfigNode, file: String?, environment: [String: String]) throws(ConfigurationError) {
        let entries = try node.mapping(allowed: ["auth_token_env", "auth_token_file", "auth_token", "basic_auth"])
        let sources = entries.filter { ($0.0 == "auth_token_env" || $0.0 == "auth_token_file") && !$0.1.isNull }
        if sources.count > 1 {
            throw sources[1].1.error("give auth_token_env or auth_token_file, not both")
        }
        for (key, v) in entries where !v.isNull {
            switch key {
            case "auth_token":
                throw v.error("the auth token is never written in the configuration: give auth_token_env (a variable name) or auth_token_file (a path)")
            case "auth_token_env":
                let name = try v.string()
                guard let value = environment[name] else {
                    throw v.error("the environment variable \(name) is not set")
                }
                twilioAuthToken = try IngestConfiguration.token(value, v, source: "the environment variable \(name)")
            case "auth_token_file":
                let path = IngestConfiguration.resolve(try v.string(), file: file)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw v.error("cannot read the auth token file \(path)")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw v.error("the auth token file \(path) is not UTF-8 text")
                }
                twilioAuthToken = try IngestConfiguration.token(text, v, source: "the file \(path)")
            case "basic_auth":
                var user: String?
                var digestNode: ConfigNode?
                for (k, x) in try v.mapping(allowed: ["user", "sha256"]) where !x.isNull {
                    if k == "user" { user = try x.string() } else { digestNode = x }
                }
                guard let user, !user.isEmpty, !user.contains(":") else {
                    throw v.error("give the user name (without ':') that the sink URL carries")
                }
                guard let digestNode else { throw v.error("give the sha256 of the password") }
                guard let digest = TokenDigest(name: user, hex: try digestNode.string()) else {
                    throw digestNode.error("expected the password's SHA-256 as 64 hexadecimal digits, not the password itself")
                }
                twilioBasicAuth = BasicCredentialDigest(user: user, passwordSHA256: digest.sha256)
            default: break
            }
        }
    }

    private mutating func readFirehose(_ node: ConfigNode) throws(ConfigurationError) {
        for (key, v) in try node.mapping(allowed: ["access_keys"]) where !v.isNull {
            guard key == "access_keys" else { continue }
            firehoseAccessKeys = []
            for item in try v.list() {
                var name = "firehose-\(firehoseAccessKeys.count + 1)"
                var found: ConfigNode?
                for (k, x) in try item.mapping(allowed: ["name", "sha256"]) where !x.isNull {
                    if k == "name" { name = try x.string() } else { found = x }
                }
                guard let found else { throw item.error("give the access key's sha256") }
                guard let digest = TokenDigest(name: name, hex: try found.string()) else {
                    throw found.error("expected the access key's SHA-256 as 64 hexadecimal digits, not the key itself")
                }
                firehoseAccessKeys.append(digest)
            }
        }
    }

    /// The token in `text` without surrounding whitespace (files usually end in a newline).
    private static func token(_ text: String, _ v: ConfigNode, source: String) throws(ConfigurationError) -> String {
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw v.error("\(source) is empty") }
        return token
    }

    private static func resolve(_ path: String, file: String?) -> String {
        guard !path.hasPrefix("/"), let file else { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}
