/// The risk scores at which a send is monitored, challenged and blocked.
public struct ScoreCutoffs: Sendable, Equatable, Codable {
    public var monitor: Int
    public var challenge: Int
    public var block: Int

    public init(monitor: Int = 30, challenge: Int = 50, block: Int = 80) {
        self.monitor = monitor
        self.challenge = challenge
        self.block = block
    }

    func verdict(for score: Int) -> Verdict {
        if score >= block { return .block }
        if score >= challenge { return .challenge }
        if score >= monitor { return .monitor }
        return .allow
    }
}
