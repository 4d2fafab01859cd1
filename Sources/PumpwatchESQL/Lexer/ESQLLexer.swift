import PumpwatchCore
import PumpwatchQuery

/// Splits ES|QL query text into tokens.
///
/// The lexer never stops at a problem: text it cannot read becomes an `invalid` token whose
/// message says what is wrong, and lexing resumes after it, so the parser can report the first
/// problem in query order and still look at the rest. Like Elasticsearch's lexer it has a mode
/// for the index patterns of `FROM` (which may hold `-`, `*`, `.` and `:`), entered when `FROM`
/// starts a command and left at the next `|`.
public struct ESQLLexer {
    private let bytes: [UInt8]
    private var position = 0
    private var tokens: [ESQLToken] = []
    private var tracker = LocationTracker()
    /// True at the start of the query and after `|`, where a command name comes next.
    private var atCommandStart = true
    /// True between `FROM` and the next `|`.
    private var inSourceMode = false

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The tokens of `text`, ending with `endOfInput`; unreadable text becomes `invalid` tokens.
    public static func tokenize(_ text: String) -> [ESQLToken] {
        var lexer = ESQLLexer(text)
        lexer.run()
        return lexer.tokens
    }

    /// The tokens of `text`, or the first lexical error (unterminated string, stray character).
    public static func tokens(_ text: String) throws(QueryError) -> [ESQLToken] {
        let all = tokenize(text)
        for token in all {
            if case .invalid(let message) = token.kind {
                throw QueryError(.syntax, message, at: token.location, expected: expectation(forInvalid: message))
            }
        }
        return all
    }

    /// What the parser should say was expected for an `invalid` token's message.
    static func expectation(forInvalid message: String) -> String? {
        if message.hasPrefix("unterminated string") { return "a closing '\"' on the same line" }
        if message.hasPrefix("unterminated triple-quoted") { return "a closing '\"\"\"'" }
        if message.hasPrefix("unterminated quoted identifier") { return "a closing '`'" }
        if message.hasPrefix("unterminated comment") { return "'*/'" }
        if message.hasPrefix("invalid escape") { return "one of \\t \\n \\r \\\" \\\\" }
        return nil
    }

    /// The UTF-8 offset in the query text of byte `contentOffset` of a string token's decoded value.
    ///
    /// Used to point an error inside a DISSECT or GROK pattern at the character that caused it.
    public static func sourceOffset(ofContentOffset contentOffset: Int, in token: ESQLToken, text: String) -> Int {
        guard case .string(_, let triple) = token.kind else { return token.range.lowerBound }
        if triple { return min(token.range.lowerBound + 3 + contentOffset, token.range.upperBound) }
        let raw = Array(text.utf8)
        var i = token.range.lowerBound + 1
        var decoded = 0
        while i < token.range.upperBound - 1, decoded < contentOffset {
            i += raw[i] == UInt8(ascii: "\\") ? 2 : 1
            decoded += 1
        }
        return i
    }

    // MARK: - Driver

    private mutating func run() {
        while true {
            skipTrivia()
            guard position < bytes.count else { break }
            let start = position
            if inSourceMode {
                lexSourceModeToken(start)
            } else {
                lexToken(start)
            }
        }
        emit(.endOfInput, from: bytes.count)
    }

    private mutating func emit(_ kind: ESQLToken.Kind, from start: Int, locationOffset: Int? = nil) {
        let location = tracker.location(at: locationOffset ?? start, in: bytes)
        tokens.append(ESQLToken(kind: kind, location: location, range: start..<max(start, position)))
        switch kind {
        case .pipe:
            atCommandStart = true
            inSourceMode = false
        case .endOfInput:
            break
        case .identifier(let word):
            if atCommandStart, word.lowercased() == "from" { inSourceMode = true }
            atCommandStart = false
        default:
            atCommandStart = false
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let i = position + ahead
        return i < bytes.count ? bytes[i] : nil
    }

    // MARK: - Whitespace and comments

    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    private mutating func skipTrivia() {
        while position < bytes.count {
            let c = bytes[position]
            if Self.isSpace(c) {
                position += 1
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while position < bytes.count, bytes[position] != 10 { position += 1 }
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                var depth = 1
                while position < bytes.count, depth > 0 {
                    if bytes[position] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        depth -= 1
                        position += 2
                    } else if bytes[position] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                        depth += 1
                        position += 2
                    } else {
                        position += 1
                    }
                }
                if depth > 0 {
                    let saved = atCommandStart
                    emit(.invalid("unterminated comment: '/*' has no closing '*/'"), from: start)
                    atCommandStart = saved
                }
            } else {
                return
            }
        }
    }

    // MARK: - FROM mode

    private static func isSourceByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "="), UInt8(ascii: "|"), UInt8(ascii: ","),
            UInt8(ascii: "["), UInt8(ascii: "]"), 32, 9, 10, 13:
            return false
        default:
            return true
        }
    }

    private mutating func lexSourceModeToken(_ start: Int) {
        let c = bytes[start]
        switch c {
        case UInt8(ascii: "|"):
            position += 1
            emit(.pipe, from: start)
        case UInt8(ascii: ","):
            position += 1
            emit(.comma, from: start)
        case UInt8(ascii: "["):
            position += 1
            emit(.leftBracket, from: start)
        case UInt8(ascii: "]"):
            position += 1
            emit(.rightBracket, from: start)
        case UInt8(ascii: "="):
            position += 1
            emit(.assign, from: start)
        case UInt8(ascii: "\""):
            lexString(start)
        default:
            while position < bytes.count, Self.isSourceByte(bytes[position]) {
                if bytes[position] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") || peek(1) == UInt8(ascii: "*") { break }
                position += 1
            }
            emit(.sourcePattern(String(decoding: bytes[start..<position], as: UTF8.self)), from: start)
        }
    }

    // MARK: - Expression mode

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c == UInt8(ascii: "@")
    }

    private static func isIdentifierBody(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || (c >= 48 && c <= 57)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private mutating func lexToken(_ start: Int) {
        let c = bytes[start]
        if Self.isIdentifierStart(c) {
            lexWord(start)
            return
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true && !previousEndsOperand) {
            lexNumber(start)
            return
        }
        position += 1
        func two(_ next: UInt8) -> Bool {
            if peek() == next {
                position += 1
                return true
            }
            return false
        }
        switch c {
        case UInt8(ascii: "\""):
            position = start
            lexString(start)
        case UInt8(ascii: "`"):
            position = start
            lexQuotedIdentifier(start)
        case UInt8(ascii: "|"): emit(.pipe, from: start)
        case UInt8(ascii: ","): emit(.comma, from: start)
        case UInt8(ascii: "."): emit(.dot, from: start)
        case UInt8(ascii: "("): emit(.leftParen, from: start)
        case UInt8(ascii: ")"): emit(.rightParen, from: start)
        case UInt8(ascii: "["): emit(.leftBracket, from: start)
        case UInt8(ascii: "]"): emit(.rightBracket, from: start)
        case UInt8(ascii: "{"): emit(.leftBrace, from: start)
        case UInt8(ascii: "}"): emit(.rightBrace, from: start)
        case UInt8(ascii: "+"): emit(.plus, from: start)
        case UInt8(ascii: "-"): emit(.minus, from: start)
        case UInt8(ascii: "*"): emit(.star, from: start)
        case UInt8(ascii: "/"): emit(.slash, from: start)
        case UInt8(ascii: "%"): emit(.percent, from: start)
        case UInt8(ascii: "?"): emit(.questionMark, from: start)
        case UInt8(ascii: "="):
            if two(UInt8(ascii: "=")) {
                emit(.equal, from: start)
            } else if two(UInt8(ascii: "~")) {
                emit(.caseInsensitiveEqual, from: start)
            } else {
                emit(.assign, from: start)
            }
        case UInt8(ascii: "!"):
            if two(UInt8(ascii: "=")) {
                emit(.notEqual, from: start)
            } else {
                emit(.invalid("unexpected '!': use NOT to negate, or '!=' to compare"), from: start)
            }
        case UInt8(ascii: "<"):
            emit(two(UInt8(ascii: "=")) ? .lessOrEqual : .less, from: start)
        case UInt8(ascii: ">"):
            emit(two(UInt8(ascii: "=")) ? .greaterOrEqual : .greater, from: start)
        case UInt8(ascii: ":"):
            emit(two(UInt8(ascii: ":")) ? .doubleColon : .colon, from: start)
        case UInt8(ascii: "'"):
            emit(.invalid("unexpected \"'\": ES|QL strings use double quotes"), from: start)
        default:
            // Consume the whole UTF-8 sequence so the message shows the character.
            while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let character = String(decoding: bytes[start..<position], as: UTF8.self)
            emit(.invalid("unexpected character '\(character)'"), from: start)
        }
    }

    /// True when the last token ends an operand, so a following `.` is a field separator, not a decimal point.
    private var previousEndsOperand: Bool {
        guard let last = tokens.last, last.range.upperBound == position else { return false }
        switch last.kind {
        case .identifier, .quotedIdentifier, .rightParen, .rightBracket, .integer, .decimal: return true
        default: return false
        }
    }

    private mutating func lexWord(_ start: Int) {
        position += 1
        while position < bytes.count, Self.isIdentifierBody(bytes[position]) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        if let keyword = ESQLToken.Keyword(rawValue: word.lowercased()) {
            emit(.keyword(keyword), from: start)
        } else {
            emit(.identifier(word), from: start)
        }
    }

    private mutating func lexNumber(_ start: Int) {
        var isDecimal = false
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            // `1.` and `1.5` are decimals; `1.field` does not occur in ES|QL.
            isDecimal = true
            position += 1
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            var i = position + 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            if i < bytes.count, Self.isDigit(bytes[i]) {
                isDecimal = true
                position = i
                while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isDecimal {
            emit(.decimal(Double(text) ?? .nan), from: start)
            return
        }
        guard let value = Int64(text) else {
            // Past the range of a long: ES|QL reads it as a double.
            emit(.decimal(Double(text) ?? .infinity), from: start)
            return
        }
        // A time unit may follow, with or without spaces: `10 seconds`, `7day`, `1h`.
        var i = position
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        if i < bytes.count, Self.isIdentifierStart(bytes[i]) {
            var j = i + 1
            while j < bytes.count, Self.isIdentifierBody(bytes[j]) { j += 1 }
            let word = String(decoding: bytes[i..<j], as: UTF8.self)
            if let unit = TimeSpan.unit(named: word) {
                position = j
                emit(.timeSpan(TimeSpan(amount: value, unit: unit)), from: start)
                return
            }
        }
        emit(.integer(value), from: start)
    }

    private mutating func lexString(_ start: Int) {
        if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
            lexTripleQuotedString(start)
            return
        }
        position = start + 1
        var out: [UInt8] = []
        var badEscape: (offset: Int, text: String)?
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                if let badEscape {
                    let message = "invalid escape sequence '\(badEscape.text)' in a string; "
                        + "write '\\\\' for a backslash or use a \"\"\"triple-quoted\"\"\" string"
                    emit(.invalid(message), from: start, locationOffset: badEscape.offset)
                } else {
                    emit(.string(String(decoding: out, as: UTF8.self), tripleQuoted: false), from: start)
                }
                return
            }
            if c == 10 || c == 13 { break }
            if c == UInt8(ascii: "\\") {
                guard let next = peek(1), next != 10, next != 13 else {
                    position += 1
                    break
                }
                switch next {
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                default:
                    if badEscape == nil {
                        var end = position + 2
                        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                        badEscape = (position, String(decoding: bytes[position..<end], as: UTF8.self))
                    }
                }
                position += 2
                continue
            }
            out.append(c)
            position += 1
        }
        emit(.invalid("unterminated string: the '\"' is not closed on its line"), from: start)
    }

    private mutating func lexTripleQuotedString(_ start: Int) {
        position = start + 3
        let contentStart = position
        while position + 2 < bytes.count {
            let quote = UInt8(ascii: "\"")
            if bytes[position] == quote, bytes[position + 1] == quote, bytes[position + 2] == quote {
                // Up to two more quotes belong to the text: `""""a""""` is `"a"`.
                var end = position
                var extra = 0
                while extra < 2, end + 3 < bytes.count, bytes[end + 3] == UInt8(ascii: "\"") {
                    end += 1
                    extra += 1
                }
                let content = String(decoding: bytes[contentStart..<end], as: UTF8.self)
                position = end + 3
                emit(.string(content, tripleQuoted: true), from: start)
                return
            }
            position += 1
        }
        position = bytes.count
        emit(.invalid("unterminated triple-quoted string: the '\"\"\"' is never closed"), from: start)
    }

    private mutating func lexQuotedIdentifier(_ start: Int) {
        position = start + 1
        var out: [UInt8] = []
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "`") {
                if peek(1) == UInt8(ascii: "`") {
                    out.append(c)
                    position += 2
                    continue
                }
                position += 1
                emit(.quotedIdentifier(String(decoding: out, as: UTF8.self)), from: start)
                return
            }
            if c == 10 || c == 13 { break }
            out.append(c)
            position += 1
        }
        emit(.invalid("unterminated quoted identifier: the '`' is not closed on its line"), from: start)
    }
}

/// Turns byte offsets into line and column, moving forward through the text.
struct LocationTracker {
    private var offset = 0
    private var line = 1
    private var column = 1

    mutating func location(at target: Int, in bytes: [UInt8]) -> SourceLocation {
        if target < offset {
            offset = 0
            line = 1
            column = 1
        }
        while offset < target, offset < bytes.count {
            let b = bytes[offset]
            if b == 10 {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return SourceLocation(line: line, column: column, offset: target)
    }
}
