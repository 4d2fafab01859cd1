import Foundation

/// Compiles regular expressions once per query run and reports bad ones as query errors.
///
/// Regexes run on `LinearTimeRegex`, so no pattern can make a query hang. CQL regexes are
/// unanchored; ES|QL `RLIKE` must match the whole string. Inline flags such as `(?i)` are honoured.
/// A pattern that does not compile (including backreferences and general lookaround, which
/// cannot run in linear time) gives nil; `compile` says why and where.
public final class RegexCache: @unchecked Sendable {
    private struct Key: Hashable {
        var pattern: String
        var caseInsensitive: Bool
        var anchored: Bool
    }

    private var cache: [Key: Result<LinearTimeRegex, RegexSyntaxError>] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled expression, or the reason it does not compile, with its position.
    public func compile(_ pattern: String, caseInsensitive: Bool, anchored: Bool) throws(RegexSyntaxError) -> LinearTimeRegex {
        let key = Key(pattern: pattern, caseInsensitive: caseInsensitive, anchored: anchored)
        lock.lock()
        defer { lock.unlock() }
        if let r = cache[key] { return try r.get() }
        let result: Result<LinearTimeRegex, RegexSyntaxError>
        do {
            result = .success(try LinearTimeRegex(pattern, caseInsensitive: caseInsensitive, anchored: anchored))
        } catch {
            result = .failure(error)
        }
        cache[key] = result
        return try result.get()
    }

    /// The compiled expression, or nil when the pattern is invalid or unsupported.
    public func regex(_ pattern: String, caseInsensitive: Bool, anchored: Bool) -> LinearTimeRegex? {
        try? compile(pattern, caseInsensitive: caseInsensitive, anchored: anchored)
    }

    /// True when `text` has a match (the whole text when anchored).
    public func matches(_ pattern: String, caseInsensitive: Bool, anchored: Bool, in text: String) -> Bool {
        guard let r = regex(pattern, caseInsensitive: caseInsensitive, anchored: anchored) else { return false }
        return r.matches(text)
    }
}
