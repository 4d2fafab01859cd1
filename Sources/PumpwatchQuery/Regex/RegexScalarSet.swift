/// A set of Unicode scalars: a bracket class, `.`, `\d`-style escapes, or a letter ignoring case.
///
/// Membership of ASCII scalars is precomputed in a 128-bit map; other scalars test the items.
/// `\d`, `\w` and `\s` follow ICU: Unicode decimal digits, word characters and white space.
struct RegexScalarSet: Sendable, Hashable {
    enum Item: Sendable, Hashable {
        case range(UInt32, UInt32)
        case digit(negated: Bool)
        case word(negated: Bool)
        case space(negated: Bool)
        /// Anything but a line terminator (`.` without the `s` flag).
        case notLineTerminator
        /// The Unicode Alphabetic property.
        case alphabetic
        /// Any of these general categories.
        case categories([Unicode.GeneralCategory])
    }

    private(set) var items: [Item]
    private(set) var negated: Bool
    private(set) var caseInsensitive: Bool
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    init(_ items: [Item], negated: Bool = false, caseInsensitive: Bool = false) {
        self.items = items
        self.negated = negated
        self.caseInsensitive = caseInsensitive
        for c in UInt32(0)..<128 where slowContains(c) {
            if c < 64 { asciiLow |= 1 << UInt64(c) } else { asciiHigh |= 1 << UInt64(c - 64) }
        }
    }

    /// Every scalar.
    static let any = RegexScalarSet([.range(0, 0x10FFFF)])
    /// `.` without the `s` flag.
    static let anyButLineTerminator = RegexScalarSet([.notLineTerminator])

    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
        if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
        return slowContains(c)
    }

    /// Membership of the items, closed over case when ignoring case, then negated.
    private func slowContains(_ c: UInt32) -> Bool {
        var inItems = itemsContain(c)
        if !inItems, caseInsensitive, let scalar = Unicode.Scalar(c) {
            inItems = RegexScalarSet.caseVariants(of: scalar).contains { $0.value != c && itemsContain($0.value) }
        }
        return inItems != negated
    }

    private func itemsContain(_ c: UInt32) -> Bool {
        for item in items {
            switch item {
            case .range(let lo, let hi): if c >= lo && c <= hi { return true }
            case .digit(let n): if RegexScalarSet.isDigit(c) != n { return true }
            case .word(let n): if RegexScalarSet.isWord(c) != n { return true }
            case .space(let n): if RegexScalarSet.isSpace(c) != n { return true }
            case .notLineTerminator: if !RegexScalarSet.isLineTerminator(c) { return true }
            case .alphabetic: if Unicode.Scalar(c)?.properties.isAlphabetic == true { return true }
            case .categories(let list):
                if let s = Unicode.Scalar(c), list.contains(s.properties.generalCategory) { return true }
            }
        }
        return false
    }

    /// The scalar itself and its simple lower, upper and title case forms.
    static func caseVariants(of s: Unicode.Scalar) -> [Unicode.Scalar] {
        if s.isASCII {
            let v = s.value
            if v >= 0x41 && v <= 0x5A { return [s, Unicode.Scalar(v + 32)!] }
            if v >= 0x61 && v <= 0x7A { return [s, Unicode.Scalar(v - 32)!] }
            return [s]
        }
        var out = [s]
        let p = s.properties
        for mapping in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
            let scalars = mapping.unicodeScalars
            if scalars.count == 1, let m = scalars.first, !out.contains(m) { out.append(m) }
        }
        // Scalars whose lower case is `s`'s lower case (Kelvin sign K and k, for instance) are not
        // searched for: the three mappings cover the letters that appear in logs.
        return out
    }

    static func isDigit(_ c: UInt32) -> Bool {
        if c < 128 { return c >= 0x30 && c <= 0x39 }
        return Unicode.Scalar(c)?.properties.generalCategory == .decimalNumber
    }

    /// ICU's `\w`: letters, marks, decimal digits, connector punctuation and join controls.
    static func isWord(_ c: UInt32) -> Bool {
        if c < 128 {
            return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
        guard let s = Unicode.Scalar(c) else { return false }
        let p = s.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func isSpace(_ c: UInt32) -> Bool {
        if c < 128 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        return Unicode.Scalar(c)?.properties.isWhitespace ?? false
    }

    /// `\n`, `\v`, `\f`, `\r`, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, as ICU counts them.
    @inline(__always)
    static func isLineTerminator(_ c: UInt32) -> Bool {
        (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029
    }
}
