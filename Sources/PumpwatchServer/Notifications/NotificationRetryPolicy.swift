/// How failed deliveries are retried: exponential backoff from `initial`, capped at `maximum`,
/// with jitter, until `attempts` attempts have failed; then the notification is a dead letter.
public struct NotificationRetryPolicy: Sendable, Equatable {
    /// The delay after the first failed attempt, seconds.
    public var initial: Double
    /// The longest delay between attempts, seconds.
    public var maximum: Double
    /// How many attempts in all before giving up.
    public var attempts: Int

    public init(initial: Double = 2, maximum: Double = 600, attempts: Int = 12) {
        self.initial = initial
        self.maximum = maximum
        self.attempts = attempts
    }

    /// The delay before the next attempt once `failed` attempts have failed (1 after the first),
    /// seconds: `min(maximum, initial × 2^(failed − 1)) × jitter`, with `jitter` in 0.5…1.0.
    public func delay(afterFailedAttempts failed: Int, jitter: Double) -> Double {
        let exponent = max(0, min(failed - 1, 62))
        let base = min(maximum, initial * Double(sign: .plus, exponent: exponent, significand: 1))
        return base * min(1, max(0.5, jitter))
    }

    /// Whether a notification whose `failed`-th attempt just failed gets another one.
    public func allowsRetry(afterFailedAttempts failed: Int) -> Bool {
        failed < attempts
    }
}
