import PumpwatchCore

/// A construct that pumpwatch accepts but LogScale would reject, with the real-CQL replacement.
public struct CQLLintFinding: Sendable, Hashable, CustomStringConvertible {
    /// The constructs the linter names.
    public enum Construct: String, Sendable, Hashable, CaseIterable {
        /// `| union [ ... ]`: LogScale has no pipeline `union`.
        case union = "union [...]"
        /// `Field in [a, b]`: LogScale spells it `in(field=Field, values=[...])`.
        case inList = "Field in [...]"
        /// `if(condition, a, b)`: LogScale needs `then=` and `else=`.
        case positionalIf = "if(condition, a, b)"
        /// `where expression`: LogScale filters with `test()` or a bare comparison.
        case whereClause = "where"
    }

    public var construct: Construct
    /// Where the construct starts.
    public var location: SourceLocation
    /// Why LogScale would reject it.
    public var message: String
    /// The real-CQL form to use instead.
    public var replacement: String

    public init(construct: Construct, location: SourceLocation, message: String, replacement: String) {
        self.construct = construct
        self.location = location
        self.message = message
        self.replacement = replacement
    }

    /// `line 18, column 3: where: ... use: EventCount > 50`.
    public var description: String {
        "\(location): \(construct.rawValue): \(message); use: \(replacement)"
    }
}
