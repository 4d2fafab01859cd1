/// A filter parameter of an alert listing that cannot be read: which parameter, and why.
public struct AlertQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter at fault (`since`, `severity`, `state`, `rule`, `limit`, or an unknown name).
    public var parameter: String
    /// What is wrong with it and what is expected, starting with the parameter's name.
    public var message: String

    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { message }
}
