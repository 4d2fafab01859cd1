/// A record that could not be read, with where it stands and why; the run goes on past it.
public struct MalformedRecord: Error, Sendable, Hashable, CustomStringConvertible {
    public var origin: Origin
    public var reason: String

    public init(origin: Origin, reason: String) {
        self.origin = origin
        self.reason = reason
    }

    public var description: String { "\(origin): malformed record: \(reason)" }
}
