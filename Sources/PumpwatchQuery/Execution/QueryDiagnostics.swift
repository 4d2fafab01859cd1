/// Warnings a query run collects (partial groupBy results, bad regexes), printed on stderr.
public final class QueryDiagnostics: @unchecked Sendable {
    public private(set) var warnings: [String] = []
    /// True when some aggregate dropped groups past its limit: the result is partial.
    public private(set) var partial = false

    public init() {}

    public func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    public func markPartial(_ message: String) {
        partial = true
        warn(message)
    }

    /// Takes `other`'s warnings and partial flag (an executor's copy starts with its original's).
    func copyState(from other: QueryDiagnostics) {
        warnings = other.warnings
        partial = other.partial
    }
}
