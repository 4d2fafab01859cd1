/// One piece of evidence behind a decision.
///
/// Which signal, what it saw, the value against the threshold it crossed, and the points it added
/// to the risk score (negative for trust).
public struct Reason: Sendable, Codable, Equatable {
    /// The signal's name (`number-velocity`, `country-rule`, `ip-unverified`).
    public var signal: String
    /// What was seen, in words (`6 requests to this number in the last hour`).
    public var detail: String
    /// The measured value (a count, a rate, an amount of money, or 1 for a yes/no signal).
    public var value: Double
    /// The threshold it is compared with, when there is one.
    public var threshold: Double?
    /// The points added to the risk score.
    public var score: Int

    public init(signal: String, detail: String, value: Double, threshold: Double? = nil, score: Int) {
        self.signal = signal
        self.detail = detail
        self.value = value
        self.threshold = threshold
        self.score = score
    }
}
