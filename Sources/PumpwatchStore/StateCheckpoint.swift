import Foundation

/// A named blob of saved state and when it was saved (the guard's counters are `guard`).
public struct StateCheckpoint: Sendable, Equatable {
    /// What the state belongs to (`guard`).
    public var name: String
    /// When it was taken, epoch milliseconds.
    public var savedAt: Int64
    /// The encoded state; its owner knows the format.
    public var state: Data

    public init(name: String, savedAt: Int64, state: Data) {
        self.name = name
        self.savedAt = savedAt
        self.state = state
    }
}
