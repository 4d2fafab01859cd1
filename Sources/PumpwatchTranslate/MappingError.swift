/// A field-mapping file that cannot be read or does not have the expected shape.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    /// The file, or the built-in mapping's name.
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
