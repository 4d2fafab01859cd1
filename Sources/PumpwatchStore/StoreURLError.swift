/// A `--db` value that cannot be used: which part of it is wrong, the offending text, and why.
///
/// Passwords never appear in `value` or the description.
public struct StoreURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The part of the value that is wrong.
    public enum Part: String, Sendable, Equatable {
        case scheme, path, user, password, host, port, database, parameter
    }

    public var part: Part
    /// The offending text (`"***"` for a password).
    public var value: String
    public var reason: String

    public init(part: Part, value: String, reason: String) {
        self.part = part
        self.value = part == .password ? "***" : value
        self.reason = reason
    }

    public var description: String { "database URL: bad \(part.rawValue) '\(value)': \(reason)" }
}
