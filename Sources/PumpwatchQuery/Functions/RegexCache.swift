import Foundation
import PumpwatchCore

/// Compiles regular expressions once per query run and reports bad ones as query errors.
///
/// CQL regexes are unanchored; ES|QL `RLIKE` must match the whole string, so it is wrapped in
/// `^(?:…)$`. Inline flags such as `(?i)` are honoured by the ICU engine.
public final class RegexCache: @unchecked Sendable {
    private var cache: [String: NSRegularExpression] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled expression, or nil when the pattern is invalid.
    public func regex(_ pattern: String, caseInsensitive: Bool, anchored: Bool) -> NSRegularExpression? {
        let key = (caseInsensitive ? "i" : "-") + (anchored ? "a" : "-") + pattern
        lock.lock()
        defer { lock.unlock() }
        if let r = cache[key] { return r }
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        let text = anchored ? "^(?:\(pattern))$" : pattern
        guard let r = try? NSRegularExpression(pattern: text, options: options) else { return nil }
        cache[key] = r
        return r
    }

    /// True when `text` has a match (the whole text when anchored).
    public func matches(_ pattern: String, caseInsensitive: Bool, anchored: Bool, in text: String) -> Bool {
        guard let r = regex(pattern, caseInsensitive: caseInsensitive, anchored: anchored) else { return false }
        let ns = text as NSString
        return r.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }
}
