/// A baseline that cannot be read or built: the file, and why.
public struct BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String?
    public var reason: String

    public init(path: String? = nil, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { (path.map { "\($0): " } ?? "") + reason }
}
