/// Saved guard state that cannot be restored: which part of it, and why.
public struct GuardStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The part of the state (`numbers`, `pending`, `version`).
    public var part: String
    public var reason: String

    public init(part: String, reason: String) {
        self.part = part
        self.reason = reason
    }

    public var description: String { "guard state \(part): \(reason)" }
}
