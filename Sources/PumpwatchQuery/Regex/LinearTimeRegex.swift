/// A regular expression that runs in time linear in the text, whatever the pattern.
///
/// It takes the ICU/Java/PCRE syntax of CQL regexes and ES|QL `RLIKE` (see `RegexParser` for what
/// is supported) and reports the same matches and groups a backtracking engine does, without its
/// exponential cases: `(a+)+$` on a long run of `a` followed by `!` answers at once. Constructs
/// that need backtracking (backreferences, general lookaround) are refused with their position.
public final class LinearTimeRegex: Sendable {
    /// The pattern as given.
    public let pattern: String
    /// The number of capturing groups.
    public let captureCount: Int
    /// The name of each capturing group by number; index 0 (the whole match) is always nil.
    public let groupNames: [String?]
    private let program: RegexProgram

    /// Compiles `pattern`; `anchored` makes it match only the whole text (ES|QL `RLIKE`), otherwise
    /// it matches anywhere (CQL). `caseInsensitive` acts as a leading `(?i)`.
    public init(_ pattern: String, caseInsensitive: Bool = false, anchored: Bool = false) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern, caseInsensitive: caseInsensitive)
        var node = try parser.parse()
        if anchored {
            node = .concatenation([.assertion(.textStart), .group(node, capture: nil), .assertion(.textEnd)])
        }
        self.pattern = pattern
        captureCount = parser.captureCount
        groupNames = parser.groupNames
        program = try RegexProgram(node, captureCount: parser.captureCount)
    }

    /// True when the regex matches somewhere in `text` (the whole of it when anchored).
    public func matches(_ text: String) -> Bool {
        withUTF8(text) { PikeVM(program: program).search($0, from: 0, slotsWanted: false) != nil }
    }

    /// The leftmost match in `text`, with its groups.
    public func firstMatch(in text: String) -> RegexMatch? {
        firstMatch(in: text, from: 0)
    }

    /// The leftmost match that starts at or after UTF-8 offset `start`.
    func firstMatch(in text: String, from start: Int) -> RegexMatch? {
        let slots = withUTF8(text) { PikeVM(program: program).search($0, from: start, slotsWanted: true) }
        return slots.map { RegexMatch(text: text, slots: $0, groupNames: groupNames) }
    }

    /// Every non-overlapping match, left to right; after an empty match the search moves on one scalar.
    public func allMatches(in text: String) -> [RegexMatch] {
        var out: [RegexMatch] = []
        let end = text.utf8.count
        var pos = 0
        while pos <= end, let m = firstMatch(in: text, from: pos) {
            out.append(m)
            let r = m.utf8Range
            if r.isEmpty {
                if r.upperBound >= end { break }
                pos = r.upperBound + withUTF8(text) { PikeVM.decode($0, at: r.upperBound).1 }
            } else {
                pos = r.upperBound
            }
        }
        return out
    }

    /// `text` with every match replaced by `template`, as `NSRegularExpression` does: `$n` is
    /// group n (as many digits as the group count has), `\` takes the next character literally.
    public func replacingMatches(in text: String, with template: String) -> String {
        let matches = allMatches(in: text)
        if matches.isEmpty { return text }
        let utf8 = text.utf8
        var out = ""
        var last = utf8.startIndex
        for m in matches {
            let whole = m.range(0)!
            out += text[last..<whole.lowerBound]
            out += expand(template, for: m)
            last = whole.upperBound
        }
        out += text[last...]
        return out
    }

    /// The replacement for one match.
    private func expand(_ template: String, for m: RegexMatch) -> String {
        let groups = captureCount + 1
        var digits = 1
        var magnitude = 10
        while magnitude < groups && digits < 20 {
            digits += 1
            magnitude *= 10
        }
        var out = ""
        var chars = template.unicodeScalars[...]
        while let c = chars.popFirst() {
            if c == "\\" {
                if let n = chars.popFirst() { out.unicodeScalars.append(n) }
                continue
            }
            guard c == "$", let d = chars.first, ("0"..."9").contains(d) else {
                out.unicodeScalars.append(c)
                continue
            }
            var k = 0
            var taken = 0
            while taken < digits, let d = chars.first, ("0"..."9").contains(d) {
                k = k * 10 + Int(d.value - 0x30)
                chars.removeFirst()
                taken += 1
            }
            if k < groups, let g = m.group(k) { out += g }
        }
        return out
    }

    private func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = text
        return copy.withUTF8(body)
    }
}
