/// A regular expression that cannot be compiled, with the position of the offending construct.
///
/// `position` counts Unicode scalars from the start of the pattern as written, starting at 1.
public struct RegexSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, starting with `regex:`.
    public var message: String
    /// The 1-based position in the pattern (in Unicode scalars) where the problem starts.
    public var position: Int

    public init(_ message: String, position: Int) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(message) at position \(position) of the pattern" }
}
