/// A rule file, rule parameter or config file that is invalid: where, which key, and why.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, when known.
    public var file: String?
    /// The key path (`rules.repeated-destination.parameters.threshold`).
    public var key: String
    public var reason: String
    /// The 1-based line in the file, when known.
    public var line: Int?

    public init(file: String? = nil, key: String, reason: String, line: Int? = nil) {
        self.file = file
        self.key = key
        self.reason = reason
        self.line = line
    }

    public var description: String {
        var s = ""
        if let file { s += file + (line.map { ":\($0)" } ?? "") + ": " }
        return s + (key.isEmpty ? reason : "\(key): \(reason)")
    }
}
