/// Where an outbox notification stands: waiting for a (re)try, sent, or given up (dead letter).
public enum NotificationState: String, Sendable, Codable, CaseIterable {
    case pending
    case delivered
    case failed
}
