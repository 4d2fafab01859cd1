import PumpwatchCore

/// One lexical token of a CQL query, with where it starts and the whitespace before it.
///
/// Keywords (`and`, `or`, `not`, `like`, `in`, `case`, `match`) are words: the parser decides
/// from context whether a word is a keyword, a field name, a function name or free text.
public struct CQLToken: Sendable, Hashable, CustomStringConvertible {
    /// The token classes of CQL.
    public enum Kind: Sendable, Hashable {
        /// A field name, number, function name, keyword or unquoted value (`#event_simpleName`, `443`, `1h`).
        case word
        /// A `"quoted string"`; `text` holds the decoded value.
        case string
        /// A `/regular expression/flags`; `text` holds the pattern and `flags` the flags.
        case regex
        /// A query parameter `?name`; `text` holds the name.
        case parameter
        case pipe, leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace, comma, semicolon
        /// `=`, `==`, `!=`, `:=`, `=~`, `=>`.
        case equal, doubleEqual, notEqual, colonEqual, tildeEqual, arrow
        case less, lessOrEqual, greater, greaterOrEqual
        case plus, minus, star, slash, percent
        /// `!`, negation.
        case bang
        /// The end of the query text.
        case end
    }

    public var kind: Kind
    /// The word as written, the decoded string, the regex pattern, or the parameter name.
    ///
    /// In a string an escaped `\*` stays `\*` and a `\\` right before a `*` stays doubled, so that
    /// a glob can tell a literal star (`"a\*"`) and a backslash before a wildcard (`"C:\\*"`)
    /// from each other; other unknown escapes (`\d`) are kept for regexes written as strings.
    public var text: String
    /// Regex flags (`i`, `m`, `d`, `g`, `F`); empty for other tokens.
    public var flags: String
    /// Where the token starts.
    public var location: SourceLocation
    /// The UTF-8 offset just past the token.
    public var endOffset: Int
    /// True when whitespace or a comment separates the token from the one before it.
    public var spaceBefore: Bool
    /// True when a line break separates the token from the one before it.
    public var newlineBefore: Bool

    public init(
        kind: Kind, text: String, flags: String = "", location: SourceLocation, endOffset: Int,
        spaceBefore: Bool, newlineBefore: Bool
    ) {
        self.kind = kind
        self.text = text
        self.flags = flags
        self.location = location
        self.endOffset = endOffset
        self.spaceBefore = spaceBefore
        self.newlineBefore = newlineBefore
    }

    /// True for a word that spells `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        kind == .word && text.lowercased() == keyword
    }

    /// The token as an error message names it: "`groupBy`", "string \"x\"", "end of query".
    public var description: String {
        switch kind {
        case .word: return "`\(text)`"
        case .string: return "string \(JSONWriter.quote(text))"
        case .regex: return "regex /\(text)/\(flags)"
        case .parameter: return "parameter `?\(text)`"
        case .end: return "end of query"
        default: return "`\(Self.spelling(of: kind))`"
        }
    }

    /// How a punctuation or operator token is written.
    public static func spelling(of kind: Kind) -> String {
        switch kind {
        case .pipe: return "|"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .comma: return ","
        case .semicolon: return ";"
        case .equal: return "="
        case .doubleEqual: return "=="
        case .notEqual: return "!="
        case .colonEqual: return ":="
        case .tildeEqual: return "=~"
        case .arrow: return "=>"
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .percent: return "%"
        case .bang: return "!"
        case .word: return "word"
        case .string: return "string"
        case .regex: return "regex"
        case .parameter: return "parameter"
        case .end: return "end of query"
        }
    }
}
