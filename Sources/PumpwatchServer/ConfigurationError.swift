/// A server configuration that cannot be used: the file, the key path (`server.tokens[0].sha256`),
/// the line when known, and the reason.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var key: String
    public var reason: String
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
