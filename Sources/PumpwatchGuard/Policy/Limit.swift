/// A threshold and the points crossing it adds to the risk score.
public struct Limit: Sendable, Equatable, Codable {
    /// The value at which the signal fires (`value >= limit`).
    public var limit: Double
    /// The points it adds.
    public var score: Int

    public init(_ limit: Double, score: Int) {
        self.limit = limit
        self.score = score
    }
}
