import PumpwatchCore

/// A string matcher: exact text, a `*`/`?` glob, or a regular expression, with its flags.
///
/// `anchored` says whether the pattern must match the whole string (ES|QL `LIKE`/`RLIKE`, CQL
/// `field = value`) or may match anywhere (CQL `/regex/`).
public struct StringPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The exact text (CQL `field = "value"`).
        case exact(String)
        /// `*` any run, `?` (when `questionMark`) one character, `\` escapes.
        case glob(String, questionMark: Bool)
        /// A regular expression in the platform's syntax.
        case regex(String)
        /// Matches any present value (CQL `field = *`).
        case any
    }

    public var kind: Kind
    public var caseInsensitive: Bool
    public var anchored: Bool

    public init(_ kind: Kind, caseInsensitive: Bool = false, anchored: Bool = true) {
        self.kind = kind
        self.caseInsensitive = caseInsensitive
        self.anchored = anchored
    }

    public var description: String {
        switch kind {
        case .exact(let s): return JSONWriter.quote(s) + (caseInsensitive ? "i" : "")
        case .glob(let s, _): return "glob " + JSONWriter.quote(s) + (caseInsensitive ? "i" : "")
        case .regex(let s): return "/\(s)/" + (caseInsensitive ? "i" : "") + (anchored ? " anchored" : "")
        case .any: return "*"
        }
    }
}
