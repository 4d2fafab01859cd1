import PumpwatchCore

/// `name := expression`, or the seed's `eval name = expression`.
public struct CQLAssignment: Sendable, Hashable, CustomStringConvertible {
    /// How the assignment was written.
    public enum Form: Sendable, Hashable {
        /// `name := expression`.
        case colonEquals
        /// `eval name = expression`, without parentheses.
        case evalStatement
    }

    public var name: String
    public var nameLocation: SourceLocation
    public var value: CQLExpression
    public var form: Form

    public init(name: String, nameLocation: SourceLocation, value: CQLExpression, form: Form) {
        self.name = name
        self.nameLocation = nameLocation
        self.value = value
        self.form = form
    }

    /// The assignment written back as CQL (`:=` form).
    public var description: String { "\(name) := \(value)" }
}
