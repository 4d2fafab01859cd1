import PumpwatchCore
import PumpwatchQuery

/// Splits CQL text into tokens, skipping whitespace and `//` and `/* */` comments.
///
/// A `/` starts a regular expression where an operand is expected (at the start, after an
/// operator, `|`, `(`, `[`, `,`, `and`, `or`, `not`, or at the start of a line) and is a division
/// elsewhere. The lexer never stops at an error: an unterminated string or regex becomes a token
/// that runs to the end of the text (or line), and the problem is reported in `diagnostics`.
public struct CQLLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [CQLToken] = []
    private var diagnostics: [QueryError] = []
    private var sawSpace = false
    private var sawNewline = false

    /// Tokenizes `text`; the last token is always `.end`.
    public static func tokenize(_ text: String) -> (tokens: [CQLToken], diagnostics: [QueryError]) {
        var lexer = CQLLexer(bytes: Array(text.utf8))
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: - Scanning

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func advance() {
        let b = bytes[index]
        index += 1
        if b == 10 {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func run() {
        var endLocation = SourceLocation(line: 1, column: 1, offset: 0)
        while true {
            skipTrivia()
            guard let b = peek() else { break }
            let start = location
            scanToken(startingWith: b, at: start)
            endLocation = location
        }
        tokens.append(
            CQLToken(
                kind: .end, text: "", location: endLocation, endOffset: endLocation.offset,
                spaceBefore: true, newlineBefore: sawNewline))
    }

    private mutating func skipTrivia() {
        while let b = peek() {
            switch b {
            case 32, 9, 13:
                sawSpace = true
                advance()
            case 10:
                sawSpace = true
                sawNewline = true
                advance()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                sawSpace = true
                while let c = peek(), c != 10 { advance() }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                sawSpace = true
                let start = location
                advance()
                advance()
                var closed = false
                while let c = peek() {
                    if c == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        advance()
                        advance()
                        closed = true
                        break
                    }
                    if c == 10 { sawNewline = true }
                    advance()
                }
                if !closed {
                    diagnostics.append(QueryError(.syntax, "unterminated comment", at: start, expected: "`*/` to close `/*`"))
                }
            default:
                return
            }
        }
    }

    private mutating func emit(_ kind: CQLToken.Kind, _ text: String, flags: String = "", at start: SourceLocation) {
        tokens.append(
            CQLToken(
                kind: kind, text: text, flags: flags, location: start, endOffset: index,
                spaceBefore: sawSpace || tokens.isEmpty, newlineBefore: sawNewline))
        sawSpace = false
        sawNewline = false
    }

    /// Consumes `count` bytes and emits a punctuation token.
    private mutating func punctuation(_ kind: CQLToken.Kind, length: Int, at start: SourceLocation) {
        for _ in 0..<length { advance() }
        emit(kind, CQLToken.spelling(of: kind), at: start)
    }

    private mutating func scanToken(startingWith b: UInt8, at start: SourceLocation) {
        switch b {
        case UInt8(ascii: "\""): scanString(at: start)
        case UInt8(ascii: "/"):
            if regexAllowed() { scanRegex(at: start) } else { punctuation(.slash, length: 1, at: start) }
        case UInt8(ascii: "|"): punctuation(.pipe, length: 1, at: start)
        case UInt8(ascii: "("): punctuation(.leftParen, length: 1, at: start)
        case UInt8(ascii: ")"): punctuation(.rightParen, length: 1, at: start)
        case UInt8(ascii: "["): punctuation(.leftBracket, length: 1, at: start)
        case UInt8(ascii: "]"): punctuation(.rightBracket, length: 1, at: start)
        case UInt8(ascii: "{"): punctuation(.leftBrace, length: 1, at: start)
        case UInt8(ascii: "}"): punctuation(.rightBrace, length: 1, at: start)
        case UInt8(ascii: ","): punctuation(.comma, length: 1, at: start)
        case UInt8(ascii: ";"): punctuation(.semicolon, length: 1, at: start)
        case UInt8(ascii: "+"): punctuation(.plus, length: 1, at: start)
        case UInt8(ascii: "-"): punctuation(.minus, length: 1, at: start)
        case UInt8(ascii: "*"): punctuation(.star, length: 1, at: start)
        case UInt8(ascii: "%"): punctuation(.percent, length: 1, at: start)
        case UInt8(ascii: "="):
            switch peek(1) {
            case UInt8(ascii: "="): punctuation(.doubleEqual, length: 2, at: start)
            case UInt8(ascii: "~"): punctuation(.tildeEqual, length: 2, at: start)
            case UInt8(ascii: ">"): punctuation(.arrow, length: 2, at: start)
            default: punctuation(.equal, length: 1, at: start)
            }
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { punctuation(.notEqual, length: 2, at: start) } else { punctuation(.bang, length: 1, at: start) }
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { punctuation(.lessOrEqual, length: 2, at: start) } else { punctuation(.less, length: 1, at: start) }
        case UInt8(ascii: ">"):
            if peek(1) == UInt8(ascii: "=") { punctuation(.greaterOrEqual, length: 2, at: start) } else { punctuation(.greater, length: 1, at: start) }
        case UInt8(ascii: ":") where peek(1) == UInt8(ascii: "="):
            punctuation(.colonEqual, length: 2, at: start)
        case UInt8(ascii: "?"): scanParameter(at: start)
        case UInt8(ascii: "~"):
            advance()
            diagnostics.append(QueryError(.syntax, "unexpected `~`", at: start, expected: "`=~` followed by a function call"))
        default:
            scanWord(at: start)
        }
    }

    /// True for bytes that end a word: whitespace, quotes and operator characters.
    private func isWordByte(_ b: UInt8, next: UInt8?) -> Bool {
        switch b {
        case 32, 9, 10, 13: return false
        case UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
            UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "\""), UInt8(ascii: "?"),
            UInt8(ascii: "~"):
            return false
        case UInt8(ascii: ":"): return next != UInt8(ascii: "=")
        default: return true
        }
    }

    /// A word; a saved-query name (`$falcon/investigate:enrich`) may also hold `/`.
    private mutating func scanWord(at start: SourceLocation) {
        let from = index
        let savedQuery = peek() == UInt8(ascii: "$")
        while let b = peek(), isWordByte(b, next: peek(1)) || (savedQuery && b == UInt8(ascii: "/")) { advance() }
        if index == from { advance() }
        emit(.word, String(decoding: bytes[from..<index], as: UTF8.self), at: start)
    }

    /// `?name` or `?{name=default}`.
    private mutating func scanParameter(at start: SourceLocation) {
        advance()
        if peek() == UInt8(ascii: "{") {
            advance()
            let from = index
            while let b = peek(), b != UInt8(ascii: "}"), b != UInt8(ascii: "="), b != 10 { advance() }
            let name = String(decoding: bytes[from..<index], as: UTF8.self)
            while let b = peek(), b != UInt8(ascii: "}"), b != 10 { advance() }
            if peek() == UInt8(ascii: "}") {
                advance()
            } else {
                diagnostics.append(QueryError(.syntax, "unterminated parameter", at: start, expected: "`}` to close `?{`"))
            }
            emit(.parameter, name, at: start)
            return
        }
        let from = index
        while let b = peek(), isWordByte(b, next: peek(1)) { advance() }
        if index == from {
            diagnostics.append(QueryError(.syntax, "`?` is not followed by a parameter name", at: start, expected: "a parameter name after `?`"))
        }
        emit(.parameter, String(decoding: bytes[from..<index], as: UTF8.self), at: start)
    }

    /// Decodes `\"`, `\\`, `\n`, `\t` and `\r`; other escapes (`\*`, `\d`, `\.`) stay as written so
    /// that globs keep their escaped stars and regexes written as strings keep their classes. A
    /// `\\` right before `*` stays doubled (see `CQLToken.text`).
    private mutating func scanString(at start: SourceLocation) {
        advance()
        var out: [UInt8] = []
        var closed = false
        while let b = peek() {
            if b == UInt8(ascii: "\"") {
                advance()
                closed = true
                break
            }
            if b == UInt8(ascii: "\\"), let next = peek(1) {
                advance()
                advance()
                switch next {
                case UInt8(ascii: "\""): out.append(next)
                case UInt8(ascii: "\\"):
                    // Kept doubled before `*`, so that a glob can tell `\\*` from `\*`.
                    if peek() == UInt8(ascii: "*") { out.append(next) }
                    out.append(next)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                default: out.append(contentsOf: [b, next])
                }
                continue
            }
            out.append(b)
            advance()
        }
        if !closed {
            diagnostics.append(QueryError(.syntax, "unterminated string", at: start, expected: "a closing `\"`"))
        }
        emit(.string, String(decoding: out, as: UTF8.self), at: start)
    }

    /// Whether a `/` here starts a regex rather than a division: where no operand precedes it,
    /// after a string or regex, at the start of a line, or after a space when it is not followed
    /// by one and the line holds a closing `/` (`Name=x /twilio/i` versus `a / b`).
    private func regexAllowed() -> Bool {
        guard let previous = tokens.last else { return true }
        switch previous.kind {
        case .word:
            let w = previous.text.lowercased()
            if w == "and" || w == "or" || w == "not" || sawNewline { return true }
        case .string, .regex:
            return true
        case .parameter, .rightParen, .rightBracket:
            if sawNewline { return true }
        default:
            return true
        }
        guard sawSpace, let next = peek(1), next != 32, next != 9 else { return false }
        var i = index + 1
        while i < bytes.count, bytes[i] != 10 {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: "/") { return true }
            i += 1
        }
        return false
    }

    /// `/pattern/flags`: a `\/` becomes `/`, other escapes stay; a `/` inside `[...]` does not close.
    private mutating func scanRegex(at start: SourceLocation) {
        advance()
        var out: [UInt8] = []
        var inClass = false
        var closed = false
        while let b = peek(), b != 10 {
            if b == UInt8(ascii: "\\"), let next = peek(1), next != 10 {
                advance()
                advance()
                if next == UInt8(ascii: "/") { out.append(next) } else { out.append(contentsOf: [b, next]) }
                continue
            }
            if b == UInt8(ascii: "/") && !inClass {
                advance()
                closed = true
                break
            }
            if b == UInt8(ascii: "[") { inClass = true }
            if b == UInt8(ascii: "]") { inClass = false }
            out.append(b)
            advance()
        }
        if !closed {
            diagnostics.append(
                QueryError(.syntax, "unterminated regular expression", at: start, expected: "a closing `/` before the end of the line"))
            emit(.regex, String(decoding: out, as: UTF8.self), at: start)
            return
        }
        var flags = ""
        while let b = peek(), (b >= 65 && b <= 90) || (b >= 97 && b <= 122) {
            let flagLocation = location
            let flag = Character(Unicode.Scalar(b))
            if !"imdgF".contains(flag) {
                diagnostics.append(
                    QueryError(.syntax, "unknown regex flag `\(flag)`", at: flagLocation, expected: "one of the flags i, m, d, g, F"))
            }
            flags.append(flag)
            advance()
        }
        emit(.regex, String(decoding: out, as: UTF8.self), flags: flags, at: start)
    }
}
