/// A zero-width condition on the position in the text (`^`, `$`, `\b`, one-character lookaround).
enum RegexAssertion: Sendable, Hashable {
    /// `\A`, and `^` without multiline: the start of the text.
    case textStart
    /// `\z`: the end of the text.
    case textEnd
    /// `\Z`, and `$` without multiline: the end, or before a line terminator that ends the text.
    case textEndOrFinalTerminator
    /// `^` in multiline mode: the start, or after a line terminator (not between `\r` and `\n`).
    case lineStart
    /// `$` in multiline mode: the end, or before a line terminator.
    case lineEnd
    /// `\b`: between a word and a non-word scalar.
    case wordBoundary
    /// `\B`.
    case notWordBoundary
    /// `(?=x)` / `(?!x)` for a single-scalar `x`: the next scalar is (not) in the set.
    case next(RegexScalarSet, negated: Bool)
    /// `(?<=x)` / `(?<!x)` for a single-scalar `x`: the previous scalar is (not) in the set.
    case previous(RegexScalarSet, negated: Bool)

    /// True when the assertion holds between `previous` and `next` (nil at either end of the text).
    /// `atFinalTerminator` says whether the text from here on is one line terminator (`\r\n` counts as one).
    @inline(__always)
    func holds(previous: UInt32?, next: UInt32?, atFinalTerminator: () -> Bool) -> Bool {
        switch self {
        case .textStart: return previous == nil
        case .textEnd: return next == nil
        case .textEndOrFinalTerminator:
            guard let next else { return true }
            // Not between the \r and \n of a final \r\n.
            if next == 0x0A, previous == 0x0D { return false }
            return RegexScalarSet.isLineTerminator(next) && atFinalTerminator()
        case .lineStart:
            guard let previous else { return true }
            if previous == 0x0D, next == 0x0A { return false }
            return RegexScalarSet.isLineTerminator(previous) && next != nil
        case .lineEnd:
            guard let next else { return true }
            if next == 0x0A, previous == 0x0D { return false }
            return RegexScalarSet.isLineTerminator(next)
        case .wordBoundary, .notWordBoundary:
            let before = previous.map(RegexScalarSet.isWord) ?? false
            let after = next.map(RegexScalarSet.isWord) ?? false
            return (before != after) == (self == .wordBoundary)
        case .next(let set, let negated):
            guard let next else { return negated }
            return set.contains(next) != negated
        case .previous(let set, let negated):
            guard let previous else { return negated }
            return set.contains(previous) != negated
        }
    }
}
