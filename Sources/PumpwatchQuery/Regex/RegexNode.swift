/// The parsed form of a regular expression, before it is compiled to a `RegexProgram`.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One Unicode scalar exactly.
    case scalar(Unicode.Scalar)
    /// One Unicode scalar from a set (classes, `.`, escapes like `\d`, case-insensitive letters).
    case set(RegexScalarSet)
    case concatenation([RegexNode])
    /// Alternatives, tried in order (the first that leads to a match wins).
    case alternation([RegexNode])
    /// A group; `capture` is the group number (from 1) for capturing groups.
    case group(RegexNode, capture: Int?)
    /// `min` to `max` (nil: unbounded) repetitions; `greedy` prefers more.
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    /// A zero-width test on the position.
    case assertion(RegexAssertion)

    /// True when the node can only match at the very start of the text.
    var isAnchoredAtStart: Bool {
        switch self {
        case .assertion(.textStart): return true
        case .concatenation(let items): return items.first?.isAnchoredAtStart ?? false
        case .group(let n, _): return n.isAnchoredAtStart
        case .alternation(let items): return !items.isEmpty && items.allSatisfy(\.isAnchoredAtStart)
        default: return false
        }
    }
}
