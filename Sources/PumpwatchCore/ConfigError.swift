/// A configuration, rule or policy file that is invalid: which file and line, which key, and why.
///
/// Rule files (`RuleError`), guard policies (`PolicyError`) and the server configuration
/// (`ConfigurationError`) all report through this one type.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, when known.
    public var file: String?
    /// The key path (`rules.repeated-destination.parameters.threshold`); empty for the whole document.
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
        if let file { s += file + (line.map { ":\($0)" } ?? "") + ": " } else if let line { s += "line \(line): " }
        return s + (key.isEmpty ? reason : "\(key): \(reason)")
    }
}
