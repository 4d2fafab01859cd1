/// What became of one delivery attempt.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered(status: Int)
    /// Worth another try later: 408, 429, 5xx, a timeout or a connection error. `reason` is safe
    /// to log (a status or the kind of network error); `response` is at most 200 bytes of the
    /// receiver's answer, kept with the outbox entry only; `retryAfter` is the receiver's
    /// `Retry-After` in seconds, when it gave one.
    case retry(reason: String, response: String?, retryAfter: Double?)
    /// Never going to work as it is (another 4xx, a redirect): a dead letter at once.
    case rejected(reason: String, response: String?)
    /// The attempt was cancelled (shutdown) before it finished; the entry stays as it was.
    case cancelled

    /// The text kept as the outbox entry's `lastError`: the reason, then the response excerpt.
    var storedError: String? {
        switch self {
        case .delivered, .cancelled: return nil
        case .retry(let reason, let response, _), .rejected(let reason, let response):
            guard let response, !response.isEmpty else { return reason }
            return "\(reason): \(response)"
        }
    }
}
