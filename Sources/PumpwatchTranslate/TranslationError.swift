/// A construct of the plan that a target cannot express with the same meaning.
///
/// Printed as `cannot translate <construct> to <target>: <reason>`; `pumpwatch translate` exits
/// with code 2 on it.
public struct TranslationError: Error, Sendable, CustomStringConvertible {
    /// What could not be translated (`union`, `DISSECT`, `field user_agent.name`, ...).
    public var construct: String
    public var target: TranslationTarget
    /// Why the target has no equivalent.
    public var reason: String

    public init(_ construct: String, to target: TranslationTarget, _ reason: String) {
        self.construct = construct
        self.target = target
        self.reason = reason
    }

    public var description: String { "cannot translate \(construct) to \(target.rawValue): \(reason)" }
}
