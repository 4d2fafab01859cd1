import Foundation
import PumpwatchStore

/// One place alerts are sent: its name (the outbox's key for it), its kind, the URL, the signing
/// secret of a webhook, the least severity it wants and how long one delivery may take.
///
/// The URL of a Slack sink and the secret of a webhook are secrets: `description` and mirrors
/// show only the scheme and host, never the path or the secret.
public struct NotificationSink: Sendable, CustomStringConvertible, CustomReflectable {
    /// The configured name (`soc-webhook`), kept with each outbox entry.
    public var name: String
    public var kind: NotificationSinkKind
    /// Where deliveries are POSTed.
    public var url: URL
    /// The HMAC-SHA256 key of a webhook sink; `nil` for Slack.
    var secret: [UInt8]?
    /// The least severity (`info` … `critical`) an alert needs to reach this sink; `nil` for all.
    public var minimumSeverity: String?
    /// The most seconds one delivery may take, from connecting to the end of the response.
    public var timeout: Double

    public init(name: String, kind: NotificationSinkKind, url: URL, secret: [UInt8]? = nil, minimumSeverity: String? = nil, timeout: Double = 5) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.minimumSeverity = minimumSeverity
        self.timeout = timeout
    }

    /// Whether an alert of `severity` reaches this sink. Unknown severities rank as `info`.
    public func accepts(severity: String) -> Bool {
        guard let minimumSeverity, let least = AlertSeverity.rank(of: minimumSeverity) else { return true }
        return (AlertSeverity.rank(of: severity) ?? 0) >= least
    }

    /// The sink without its secrets: `soc-webhook (webhook to https://hooks.example.com)`.
    public var description: String {
        "\(name) (\(kind.rawValue) to \(url.scheme ?? "?")://\(url.host ?? "?"))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "kind": kind, "host": url.host ?? "", "minimumSeverity": minimumSeverity as Any, "timeout": timeout])
    }
}
