import PumpwatchCore

/// A query that cannot be parsed, planned or run, with where it stands in the query text.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The text does not follow the grammar.
        case syntax
        /// A command or function pumpwatch does not implement (`unsupported: <name>`).
        case unsupported
        /// Well-formed but meaningless (unknown argument, wrong arity, clashing names).
        case semantic
        /// A failure while running (bad regex at run time, ...).
        case runtime
    }
    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// What the parser expected at `location`, if it knows.
    public var expected: String?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, expected: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.expected = expected
    }

    public var description: String {
        var s = kind == .unsupported ? "unsupported: \(message)" : message
        if let expected { s += " (expected \(expected))" }
        if let location { s += " at \(location)" }
        return s
    }

    /// The message with the query line and a caret under the column.
    public func rendered(query: String) -> String {
        guard let location else { return "error: \(description)" }
        return "error: \(description)\n" + location.caretDisplay(in: query)
    }
}
