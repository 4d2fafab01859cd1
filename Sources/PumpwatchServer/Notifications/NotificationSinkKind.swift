/// What a sink expects: a signed JSON webhook or a Slack incoming-webhook message.
public enum NotificationSinkKind: String, Sendable, CaseIterable {
    /// A generic HTTPS endpoint that receives the alert as JSON, signed with HMAC-SHA256.
    case webhook
    /// A Slack incoming webhook: a `text` fallback and Block Kit `blocks`.
    case slack
}
