import PumpwatchCore
import PumpwatchQuery

/// One lexical token of an ES|QL query, with where it stands in the query text.
public struct ESQLToken: Sendable, Hashable, CustomStringConvertible {
    /// The reserved words of ES|QL expressions, matched case-insensitively.
    ///
    /// Command names (`WHERE`, `STATS`) and contextual words (`BY`, `AS`, `ASC`, `NULLS`) are
    /// not reserved: they arrive as identifiers and the parser recognises them where they belong,
    /// so a column may still be called `first` or `limit`.
    public enum Keyword: String, Sendable, Hashable, CaseIterable {
        case and, or, not, `in`, `is`, null, like, rlike, `true`, `false`
    }

    /// What the token is, with its decoded value.
    public enum Kind: Sendable, Hashable {
        /// An unquoted name such as `event.provider`'s parts, `@timestamp` or a command name.
        case identifier(String)
        /// A backticked name with its doubled backticks unescaped.
        case quotedIdentifier(String)
        case keyword(Keyword)
        case integer(Int64)
        case decimal(Double)
        /// An integer and a time unit (`10 seconds`, `7day`, `1h`).
        case timeSpan(TimeSpan)
        /// A string literal, decoded; `tripleQuoted` for raw `"""..."""` strings.
        case string(String, tripleQuoted: Bool)
        /// An unquoted index pattern in a `FROM` command (`logs-aws.cloudtrail-*`).
        case sourcePattern(String)
        case pipe, comma, dot, leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        /// `=`, which assigns (in `EVAL` and `STATS`) and never compares.
        case assign
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        /// `=~`, the case-insensitive equality.
        case caseInsensitiveEqual
        case plus, minus, star, slash, percent
        /// `::`, the cast operator.
        case doubleColon
        case colon, questionMark
        /// Text the lexer could not read; the message says why.
        case invalid(String)
        case endOfInput
    }

    public var kind: Kind
    /// Where the token starts (for `invalid`, where the problem is).
    public var location: SourceLocation
    /// The UTF-8 byte range of the token in the query text.
    public var range: Range<Int>

    public init(kind: Kind, location: SourceLocation, range: Range<Int>) {
        self.kind = kind
        self.location = location
        self.range = range
    }

    /// True when the token is the unquoted identifier `word`, ignoring case.
    public func isWord(_ word: String) -> Bool {
        if case .identifier(let text) = kind { return text.lowercased() == word }
        return false
    }

    /// True when the token is `keyword`.
    public func isKeyword(_ keyword: Keyword) -> Bool {
        kind == .keyword(keyword)
    }

    /// A short phrase naming the token in error messages (`'|'`, `identifier 'foo'`, `end of query`).
    public var description: String {
        switch kind {
        case .identifier(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "`\(s)`"
        case .keyword(let k): return k.rawValue.uppercased()
        case .integer(let i): return "number \(i)"
        case .decimal(let d): return "number \(Value.format(double: d))"
        case .timeSpan(let t): return "time span '\(t)'"
        case .string(let s, _): return "string \(JSONWriter.quote(s))"
        case .sourcePattern(let s): return "'\(s)'"
        case .pipe: return "'|'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .assign: return "'='"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessOrEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterOrEqual: return "'>='"
        case .caseInsensitiveEqual: return "'=~'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .doubleColon: return "'::'"
        case .colon: return "':'"
        case .questionMark: return "'?'"
        case .invalid(let message): return message
        case .endOfInput: return "end of query"
        }
    }
}
