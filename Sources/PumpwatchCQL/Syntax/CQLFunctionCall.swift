import PumpwatchCore

/// A function call `name(positional, name=value, ...)`, as a stage, an aggregate or a value.
public struct CQLFunctionCall: Sendable, Hashable, CustomStringConvertible {
    /// One argument: positional when `name` is nil.
    public struct Argument: Sendable, Hashable, CustomStringConvertible {
        public var name: String?
        public var value: CQLExpression
        /// Where the argument starts (its name, or its value when positional).
        public var location: SourceLocation

        public init(name: String?, value: CQLExpression, location: SourceLocation) {
            self.name = name
            self.value = value
            self.location = location
        }

        public var description: String { name.map { "\($0)=\(value)" } ?? value.description }
    }

    /// The function name as written (`groupBy`, `formatTime`, `text:contains`).
    public var name: String
    public var arguments: [Argument]
    /// Where the name starts.
    public var location: SourceLocation

    public init(name: String, arguments: [Argument], location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.location = location
    }

    /// The lower-cased name, for case-insensitive lookup.
    public var canonicalName: String { name.lowercased() }

    /// The positional arguments, in order.
    public var positional: [CQLExpression] { arguments.filter { $0.name == nil }.map(\.value) }

    /// The argument named `name` (ignoring case), if given.
    public func argument(named name: String) -> Argument? {
        let n = name.lowercased()
        return arguments.first { $0.name?.lowercased() == n }
    }

    public var description: String { "\(name)(" + arguments.map(\.description).joined(separator: ", ") + ")" }
}
