/// Matches text against a glob: `*` any run, `?` one character (optional), `\` escapes.
public struct GlobMatcher: Sendable {
    enum Piece: Sendable { case literal(Character), any, one }
    let pieces: [Piece]
    let caseInsensitive: Bool
    let anchored: Bool

    public init(_ pattern: String, questionMark: Bool, caseInsensitive: Bool, anchored: Bool = true) {
        var out: [Piece] = []
        var escape = false
        for ch in caseInsensitive ? pattern.lowercased() : pattern {
            if escape { out.append(.literal(ch)); escape = false; continue }
            switch ch {
            case "\\": escape = true
            case "*": if case .any? = out.last {} else { out.append(.any) }
            case "?" where questionMark: out.append(.one)
            default: out.append(.literal(ch))
            }
        }
        if escape { out.append(.literal("\\")) }
        if !anchored {
            if case .any? = out.first {} else { out.insert(.any, at: 0) }
            if case .any? = out.last {} else { out.append(.any) }
        }
        pieces = out
        self.caseInsensitive = caseInsensitive
        self.anchored = anchored
    }

    /// True when the whole text matches (anywhere, when the glob was built unanchored).
    public func matches(_ text: String) -> Bool {
        let t = Array(caseInsensitive ? text.lowercased() : text)
        // Iterative wildcard matching with backtracking to the last star.
        var ti = 0, pi = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < pieces.count {
                switch pieces[pi] {
                case .any:
                    starP = pi; starT = ti; pi += 1; continue
                case .one:
                    ti += 1; pi += 1; continue
                case .literal(let c) where c == t[ti]:
                    ti += 1; pi += 1; continue
                default: break
                }
            }
            if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < pieces.count, case .any = pieces[pi] { pi += 1 }
        return pi == pieces.count
    }
}
