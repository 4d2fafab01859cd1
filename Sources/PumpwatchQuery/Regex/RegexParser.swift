/// Parses a regular expression in the ICU/Java/PCRE syntax that CQL and ES|QL queries use.
///
/// Supported: literals and escapes (`\t \n \xhh \x{h} \uhhhh \0oo \cX \Q…\E`), `.`, classes with
/// ranges, negation and POSIX names, `\d \w \s \D \W \S \b \B \A \z \Z \p{…}`, `^ $`, capturing,
/// named (`(?<name>…)`, `(?P<name>…)`) and non-capturing groups, alternation, greedy and lazy
/// `* + ? {m} {m,} {m,n}`, inline flags `(?imsx-imsx)` and `(?i:…)`, and lookaround around a
/// single character (`(?![0-9])`). Backreferences, general lookaround, atomic groups, possessive
/// quantifiers, recursion and conditionals are refused: they cannot run in linear time.
struct RegexParser {
    struct Flags {
        var caseInsensitive = false
        var multiline = false
        var dotAll = false
        var extended = false
    }

    /// The largest `{m,n}` bound accepted.
    static let maximumRepetition = 1_000
    /// The deepest nesting of groups accepted (parsing and compiling recurse into groups).
    static let maximumDepth = 200

    private let scalars: [Unicode.Scalar]
    private var i = 0
    private var flags: Flags
    private var depth = 0
    private(set) var captureCount = 0
    /// The name of each capturing group, by number (index 0 is the whole match, never named).
    private(set) var groupNames: [String?] = [nil]

    init(_ pattern: String, caseInsensitive: Bool) {
        scalars = Array(pattern.unicodeScalars)
        flags = Flags(caseInsensitive: caseInsensitive)
    }

    /// The whole pattern as a node.
    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try parseAlternation()
        if i < scalars.count {
            // Only an unbalanced `)` stops the top level early.
            throw error("regex: unmatched `)`", at: i)
        }
        return node
    }

    // MARK: Structure

    private mutating func parseAlternation() throws(RegexSyntaxError) -> RegexNode {
        let saved = flags
        var branches = [try parseConcatenation()]
        while peek == "|" {
            i += 1
            branches.append(try parseConcatenation())
        }
        // Inline flags such as `(?i)` last until the end of the enclosing group.
        flags = saved
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while true {
            skipExtendedSpace()
            guard let c = peek, c != "|", c != ")" else { break }
            guard var atom = try parseAtom() else { continue }
            skipExtendedSpace()
            if let q = peek, q == "*" || q == "+" || q == "?" || q == "{", let (min, max) = try parseQuantifier() {
                var greedy = true
                if peek == "?" {
                    greedy = false
                    i += 1
                } else if peek == "+" {
                    throw error("regex: possessive quantifiers are not supported (they need backtracking)", at: i)
                }
                switch atom {
                case .assertion:
                    // A quantified assertion matches as the assertion, or as nothing when it may repeat 0 times.
                    if min == 0 { atom = .empty }
                case .empty: break
                default: atom = .repetition(atom, min: min, max: max, greedy: greedy)
                }
                skipExtendedSpace()
                if let next = peek, next == "*" || next == "+" || next == "?" {
                    throw error("regex: nothing to repeat", at: i)
                }
            }
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concatenation(items)
    }

    /// `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}` at the cursor; nil (cursor unmoved) when a `{` does
    /// not start a valid bound, in which case it is a literal.
    private mutating func parseQuantifier() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = i
        switch scalars[i] {
        case "*": i += 1; return (0, nil)
        case "+": i += 1; return (1, nil)
        case "?": i += 1; return (0, 1)
        default: break
        }
        i += 1
        guard let min = readNumber() else { i = start; return nil }
        var max: Int? = min
        if peek == "," {
            i += 1
            max = readNumber()
        }
        guard peek == "}" else { i = start; return nil }
        i += 1
        if min > RegexParser.maximumRepetition || (max ?? 0) > RegexParser.maximumRepetition {
            throw error("regex: repetition count above \(RegexParser.maximumRepetition)", at: start)
        }
        if let max, max < min { throw error("regex: repetition {\(min),\(max)} has its bounds reversed", at: start) }
        return (min, max)
    }

    private mutating func readNumber() -> Int? {
        var n: Int?
        while let c = peek, let d = c.properties.numericType == .decimal ? Int(String(c)) : nil, c.isASCII {
            n = min((n ?? 0) * 10 + d, 1_000_000)
            i += 1
        }
        return n
    }

    /// One atom, or nil for something that matches nothing at all (a comment, a flag group).
    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode? {
        let start = i
        let c = scalars[i]
        i += 1
        switch c {
        case "(": return try parseGroup(openedAt: start)
        case "[": return .set(try parseClass(openedAt: start))
        case ".": return .set(flags.dotAll ? .any : .anyButLineTerminator)
        case "^": return .assertion(flags.multiline ? .lineStart : .textStart)
        case "$": return .assertion(flags.multiline ? .lineEnd : .textEndOrFinalTerminator)
        case "\\": return try parseEscape(at: start)
        case "*", "+", "?": throw error("regex: nothing to repeat", at: start)
        case "{":
            i = start
            if let _ = try? parseQuantifier() { throw error("regex: nothing to repeat", at: start) }
            i = start + 1
            return literal(c)
        default: return literal(c)
        }
    }

    private func literal(_ c: Unicode.Scalar) -> RegexNode {
        guard flags.caseInsensitive else { return .scalar(c) }
        let variants = RegexScalarSet.caseVariants(of: c)
        if variants.count == 1 { return .scalar(c) }
        return .set(RegexScalarSet(variants.map { .range($0.value, $0.value) }))
    }

    private mutating func parseGroup(openedAt start: Int) throws(RegexSyntaxError) -> RegexNode? {
        guard peek == "?" else {
            captureCount += 1
            groupNames.append(nil)
            return try closeGroup(capture: captureCount, openedAt: start)
        }
        i += 1
        guard let c = peek else { throw error("regex: the group opened here is never closed", at: start) }
        switch c {
        case ":":
            i += 1
            return try closeGroup(capture: nil, openedAt: start)
        case "<" where i + 1 < scalars.count && (scalars[i + 1] == "=" || scalars[i + 1] == "!"):
            i += 2
            return try lookaround(ahead: false, negated: scalars[i - 1] == "!", openedAt: start)
        case "=", "!":
            i += 1
            return try lookaround(ahead: true, negated: c == "!", openedAt: start)
        case "<", "'":
            i += 1
            return try namedGroup(closer: c == "<" ? ">" : "'", openedAt: start)
        case "P":
            i += 1
            if peek == "<" {
                i += 1
                return try namedGroup(closer: ">", openedAt: start)
            }
            if peek == "=" { throw error("regex: backreferences are not supported (they can take exponential time)", at: start) }
            throw error("regex: recursion is not supported", at: start)
        case ">": throw error("regex: atomic groups are not supported (they need backtracking)", at: start)
        case "#":
            while let n = peek, n != ")" { i += 1 }
            guard peek == ")" else { throw error("regex: the comment opened here is never closed", at: start) }
            i += 1
            return nil
        case "(": throw error("regex: conditionals are not supported", at: start)
        case "|": throw error("regex: branch reset groups are not supported", at: start)
        case "R", "0"..."9", "&", "+":
            throw error("regex: recursion is not supported", at: start)
        default:
            return try flagGroup(openedAt: start)
        }
    }

    private mutating func namedGroup(closer: Unicode.Scalar, openedAt start: Int) throws(RegexSyntaxError) -> RegexNode {
        var name = ""
        while let c = peek, c != closer {
            name.unicodeScalars.append(c)
            i += 1
        }
        guard peek == closer, !name.isEmpty else { throw error("regex: the group name opened here is never closed", at: start) }
        i += 1
        if groupNames.contains(name) { throw error("regex: the group name `\(name)` is used twice", at: start) }
        captureCount += 1
        groupNames.append(name)
        return try closeGroup(capture: captureCount, openedAt: start)
    }

    private mutating func closeGroup(capture: Int?, openedAt start: Int) throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > RegexParser.maximumDepth {
            throw error("regex: groups are nested more than \(RegexParser.maximumDepth) deep", at: start)
        }
        let inner = try parseAlternation()
        guard peek == ")" else { throw error("regex: the group opened here is never closed", at: start) }
        i += 1
        return .group(inner, capture: capture)
    }

    /// `(?imsx-imsx)` for the rest of the enclosing group, or `(?imsx-imsx:…)` for its contents.
    private mutating func flagGroup(openedAt start: Int) throws(RegexSyntaxError) -> RegexNode? {
        var on = true
        var updated = flags
        while let c = peek, c != ")", c != ":" {
            switch c {
            case "-": on = false
            case "i": updated.caseInsensitive = on
            case "m": updated.multiline = on
            case "s": updated.dotAll = on
            case "x": updated.extended = on
            case "u", "U", "w", "d": break  // Unicode-aware by default; no effect here.
            default: throw error("regex: unknown group construct `(?\(c)`", at: start)
            }
            i += 1
        }
        guard let end = peek else { throw error("regex: the group opened here is never closed", at: start) }
        i += 1
        if end == ")" {
            flags = updated
            return nil
        }
        let outer = flags
        flags = updated
        let node = try closeGroup(capture: nil, openedAt: start)
        flags = outer
        return node
    }

    /// Lookaround is linear only around one character: it is then a test of the scalar before or after.
    private mutating func lookaround(ahead: Bool, negated: Bool, openedAt start: Int) throws(RegexSyntaxError) -> RegexNode {
        let savedCaptures = (captureCount, groupNames)
        let inner = try closeGroup(capture: nil, openedAt: start)
        guard let set = RegexParser.singleScalarSet(inner), captureCount == savedCaptures.0 else {
            let kind = ahead ? "lookahead" : "lookbehind"
            throw error("regex: \(kind) is not supported except around a single character (it cannot run in linear time)", at: start)
        }
        return .assertion(ahead ? .next(set, negated: negated) : .previous(set, negated: negated))
    }

    /// The set of scalars `node` matches when it always matches exactly one scalar.
    static func singleScalarSet(_ node: RegexNode) -> RegexScalarSet? {
        switch node {
        case .scalar(let c): return RegexScalarSet([.range(c.value, c.value)])
        case .set(let s): return s
        case .group(let n, capture: nil): return singleScalarSet(n)
        case .alternation(let items):
            // Only plain scalars can be merged exactly.
            var ranges: [RegexScalarSet.Item] = []
            for item in items {
                guard case .scalar(let c) = item else { return nil }
                ranges.append(.range(c.value, c.value))
            }
            return RegexScalarSet(ranges)
        default: return nil
        }
    }

    // MARK: Escapes

    private mutating func parseEscape(at start: Int) throws(RegexSyntaxError) -> RegexNode? {
        guard let c = peek else { throw error("regex: `\\` at the end of the pattern", at: start) }
        i += 1
        switch c {
        case "d": return .set(RegexScalarSet([.digit(negated: false)]))
        case "D": return .set(RegexScalarSet([.digit(negated: true)]))
        case "w": return .set(RegexScalarSet([.word(negated: false)]))
        case "W": return .set(RegexScalarSet([.word(negated: true)]))
        case "s": return .set(RegexScalarSet([.space(negated: false)]))
        case "S": return .set(RegexScalarSet([.space(negated: true)]))
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        case "A": return .assertion(.textStart)
        case "z": return .assertion(.textEnd)
        case "Z": return .assertion(.textEndOrFinalTerminator)
        case "p", "P": return .set(try parseProperty(negated: c == "P", at: start))
        case "Q":
            var items: [RegexNode] = []
            while i < scalars.count {
                if scalars[i] == "\\", i + 1 < scalars.count, scalars[i + 1] == "E" {
                    i += 2
                    return .group(.concatenation(items), capture: nil)
                }
                items.append(literal(scalars[i]))
                i += 1
            }
            return .group(.concatenation(items), capture: nil)
        case "E": return nil
        case "1"..."9", "k":
            throw error("regex: backreferences are not supported (they can take exponential time)", at: start)
        case "G": throw error("regex: `\\G` is not supported", at: start)
        default:
            i -= 1
            return literal(try parseScalarEscape(at: start))
        }
    }

    /// An escape that stands for one scalar (`\n`, `\x41`, `\.`), the cursor on the character after `\`.
    private mutating func parseScalarEscape(at start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        let c = scalars[i]
        i += 1
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "a": return "\u{07}"
        case "e": return "\u{1B}"
        case "x":
            if peek == "{" {
                i += 1
                let v = readHex(maxDigits: 8)
                guard peek == "}", let v, let s = Unicode.Scalar(v) else { throw error("regex: malformed `\\x{…}` escape", at: start) }
                i += 1
                return s
            }
            guard let v = readHex(maxDigits: 2, exactly: true), let s = Unicode.Scalar(v) else {
                throw error("regex: malformed `\\x` escape", at: start)
            }
            return s
        case "u":
            guard let v = readHex(maxDigits: 4, exactly: true), let s = Unicode.Scalar(v) else {
                throw error("regex: malformed `\\u` escape", at: start)
            }
            return s
        case "U":
            guard let v = readHex(maxDigits: 8, exactly: true), let s = Unicode.Scalar(v) else {
                throw error("regex: malformed `\\U` escape", at: start)
            }
            return s
        case "0":
            var v: UInt32 = 0
            var n = 0
            while n < 3, let d = peek, d >= "0", d <= "7" {
                v = v * 8 + d.value - 0x30
                i += 1
                n += 1
            }
            return Unicode.Scalar(v)!
        case "c":
            guard let l = peek, l.isASCII else { throw error("regex: malformed `\\c` escape", at: start) }
            i += 1
            return Unicode.Scalar(l.value & 0x1F)!
        default:
            if c.properties.isAlphabetic || (c >= "0" && c <= "9") {
                throw error("regex: unknown escape `\\\(c)`", at: start)
            }
            return c
        }
    }

    private mutating func readHex(maxDigits: Int, exactly: Bool = false) -> UInt32? {
        var v: UInt32 = 0
        var n = 0
        while n < maxDigits, let c = peek, let d = c.isASCII ? UInt32(String(c), radix: 16) : nil {
            v = v &* 16 &+ d
            i += 1
            n += 1
        }
        if n == 0 || (exactly && n != maxDigits) { return nil }
        return v
    }

    /// `\p{L}`, `\p{Lu}`, `\pL`, `\p{Alpha}`, `\p{IsDigit}` and the POSIX-style names.
    private mutating func parseProperty(negated: Bool, at start: Int) throws(RegexSyntaxError) -> RegexScalarSet {
        var name = ""
        if peek == "{" {
            i += 1
            while let c = peek, c != "}" {
                name.unicodeScalars.append(c)
                i += 1
            }
            guard peek == "}" else { throw error("regex: malformed `\\p{…}`", at: start) }
            i += 1
        } else if let c = peek {
            name.unicodeScalars.append(c)
            i += 1
        }
        guard let items = RegexParser.propertyItems(name) else {
            throw error("regex: unknown or unsupported property `\(name)`", at: start)
        }
        return RegexScalarSet(items, negated: negated, caseInsensitive: flags.caseInsensitive)
    }

    /// The items of a named property, or nil for one not supported.
    static func propertyItems(_ raw: String) -> [RegexScalarSet.Item]? {
        var name = raw.lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" }
        if name.hasPrefix("is") && name.count > 2 { name.removeFirst(2) }
        switch name {
        case "digit", "nd", "decimalnumber": return [.digit(negated: false)]
        case "space", "whitespace": return [.space(negated: false)]
        case "word", "w": return [.word(negated: false)]
        case "ascii": return [.range(0, 0x7F)]
        case "xdigit", "hexdigit": return [.range(0x30, 0x39), .range(0x41, 0x46), .range(0x61, 0x66)]
        case "alpha", "alphabetic", "l", "letter":
            return name.hasPrefix("alpha") ? [.alphabetic] : [.categories(RegexParser.letters)]
        case "lu", "upper", "uppercase", "uppercaseletter": return [.categories([.uppercaseLetter])]
        case "ll", "lower", "lowercase", "lowercaseletter": return [.categories([.lowercaseLetter])]
        case "alnum": return [.alphabetic, .digit(negated: false)]
        case "n", "number": return [.categories([.decimalNumber, .letterNumber, .otherNumber])]
        case "p", "punct", "punctuation":
            return [.categories([.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation])]
        case "s", "symbol": return [.categories([.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol])]
        case "z", "separator": return [.categories([.spaceSeparator, .lineSeparator, .paragraphSeparator])]
        case "cntrl", "cc", "control": return [.categories([.control])]
        case "m", "mark": return [.categories([.nonspacingMark, .spacingMark, .enclosingMark])]
        default: return nil
        }
    }

    static let letters: [Unicode.GeneralCategory] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]

    // MARK: Classes

    private mutating func parseClass(openedAt start: Int) throws(RegexSyntaxError) -> RegexScalarSet {
        var negated = false
        if peek == "^" {
            negated = true
            i += 1
        }
        var items: [RegexScalarSet.Item] = []
        var first = true
        while true {
            guard let c = peek else { throw error("regex: the class opened here is never closed", at: start) }
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            let itemStart = i
            if c == "[" {
                if i + 1 < scalars.count, scalars[i + 1] == ":", let posix = try parsePosixClass() {
                    items.append(contentsOf: posix)
                    continue
                }
                throw error("regex: nested classes and set operations are not supported", at: itemStart)
            }
            if c == "&", i + 1 < scalars.count, scalars[i + 1] == "&" {
                throw error("regex: nested classes and set operations are not supported", at: itemStart)
            }
            // One scalar, or a class escape like \d.
            var low: Unicode.Scalar
            if c == "\\" {
                i += 1
                guard let e = peek else { throw error("regex: the class opened here is never closed", at: start) }
                switch e {
                case "d", "D": i += 1; items.append(.digit(negated: e == "D")); continue
                case "w", "W": i += 1; items.append(.word(negated: e == "W")); continue
                case "s", "S": i += 1; items.append(.space(negated: e == "S")); continue
                case "p", "P":
                    i += 1
                    let set = try parseProperty(negated: false, at: itemStart)
                    if e == "P" {
                        // Negated properties only appear alone in practice: [\P{L}] is \P{L}.
                        guard items.isEmpty, peek == "]" else {
                            throw error("regex: `\\P{…}` inside a class with other members is not supported", at: itemStart)
                        }
                        i += 1
                        return RegexScalarSet(set.items, negated: !negated, caseInsensitive: flags.caseInsensitive)
                    }
                    items.append(contentsOf: set.items)
                    continue
                case "b": i += 1; low = "\u{08}"
                case "Q", "E", "1"..."9":
                    throw error("regex: `\\\(e)` inside a class is not supported", at: itemStart)
                default: low = try parseScalarEscape(at: itemStart)
                }
            } else {
                low = c
                i += 1
            }
            // A range `low-high`, unless the `-` is last.
            if peek == "-", i + 1 < scalars.count, scalars[i + 1] != "]" {
                i += 1
                var high: Unicode.Scalar
                if scalars[i] == "\\" {
                    i += 1
                    guard i < scalars.count else { throw error("regex: the class opened here is never closed", at: start) }
                    high = try parseScalarEscape(at: i - 1)
                } else if scalars[i] == "[" {
                    throw error("regex: nested classes and set operations are not supported", at: i)
                } else {
                    high = scalars[i]
                    i += 1
                }
                guard high.value >= low.value else { throw error("regex: the range `\(low)-\(high)` is reversed", at: itemStart) }
                items.append(.range(low.value, high.value))
            } else {
                items.append(.range(low.value, low.value))
            }
        }
        return RegexScalarSet(items, negated: negated, caseInsensitive: flags.caseInsensitive)
    }

    /// `[:alpha:]` and its kin inside a class; nil (cursor unmoved) when the text is not one.
    private mutating func parsePosixClass() throws(RegexSyntaxError) -> [RegexScalarSet.Item]? {
        let start = i
        var j = i + 2
        var name = ""
        while j < scalars.count, scalars[j] != ":" {
            name.unicodeScalars.append(scalars[j])
            j += 1
        }
        guard j + 1 < scalars.count, scalars[j + 1] == "]" else { return nil }
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard !negated, let items = RegexParser.propertyItems(name) else {
            throw error("regex: unknown or unsupported class `[:\(negated ? "^" : "")\(name):]`", at: start)
        }
        i = j + 2
        return items
    }

    // MARK: Cursor

    private var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    /// In extended mode (`(?x)`), white space and `#` comments between atoms are ignored.
    private mutating func skipExtendedSpace() {
        guard flags.extended else { return }
        while let c = peek {
            if c.properties.isWhitespace {
                i += 1
            } else if c == "#" {
                while let n = peek, n != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private func error(_ message: String, at index: Int) -> RegexSyntaxError {
        RegexSyntaxError(message, position: index + 1)
    }
}
