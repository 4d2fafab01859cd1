import PumpwatchCore
import PumpwatchQuery

/// Parses ES|QL text into an `ESQLQuery` by recursive descent.
///
/// The parser recovers at command boundaries: after an error it skips to the next `|` and goes
/// on, so `parseRecovering` can list every problem in the query. `parse` throws the first one.
/// Each error points at the offending token and says what was expected there.
public struct ESQLParser {
    let text: String
    let bytes: [UInt8]
    let tokens: [ESQLToken]
    var index = 0
    /// The UTF-8 offset just past the last consumed token.
    var lastEnd = 0
    var diagnostics: [QueryError] = []
    /// How deeply the expression being parsed nests: parentheses, calls, prefix operators, casts
    /// and operator chains (`a OR b OR c` nests to the left).
    var depth = 0

    /// The deepest expression nesting the parser follows (Elasticsearch stops at 500; each level
    /// here takes eleven parser frames, so a debug build needs the lower bound). Deeper queries
    /// are a syntax error rather than a stack overflow in the parser or the planner.
    static let maxDepth = 128

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.tokens = ESQLLexer.tokenize(text)
    }

    /// Parses `text`, throwing the first syntax error or unsupported command.
    public static func parse(_ text: String) throws(QueryError) -> ESQLQuery {
        let (query, diagnostics) = parseRecovering(text)
        if let first = diagnostics.first { throw first }
        return query
    }

    /// Parses `text` as far as possible: the commands that parsed, and every error, in query order.
    public static func parseRecovering(_ text: String) -> (query: ESQLQuery, diagnostics: [QueryError]) {
        var parser = ESQLParser(text)
        let commands = parser.parseCommands()
        parser.reportSkippedInvalidTokens()
        let sorted = parser.diagnostics.enumerated().sorted { a, b in
            let oa = a.element.location?.offset ?? Int.max
            let ob = b.element.location?.offset ?? Int.max
            return oa != ob ? oa < ob : a.offset < b.offset
        }.map(\.element)
        return (ESQLQuery(commands: commands, text: text), sorted)
    }

    // MARK: - Token access

    var current: ESQLToken { tokens[index] }

    func peek(_ ahead: Int) -> ESQLToken {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> ESQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        lastEnd = token.range.upperBound
        return token
    }

    /// Goes one level deeper at `token`, or fails when the expression nests deeper than `maxDepth`.
    /// The caller puts `depth` back when it returns.
    mutating func descend(at token: ESQLToken) throws(QueryError) {
        guard depth < Self.maxDepth else {
            throw QueryError(
                .syntax, "the expression nests deeper than \(Self.maxDepth) levels", at: token.location,
                expected: "fewer nested parentheses, calls or operators")
        }
        depth += 1
    }

    var atCommandEnd: Bool {
        current.kind == .pipe || current.kind == .endOfInput
    }

    /// The query text from `start` to the end of the last consumed token.
    func source(from start: Int) -> String {
        guard start < lastEnd, lastEnd <= bytes.count else { return "" }
        return String(decoding: bytes[start..<lastEnd], as: UTF8.self)
    }

    /// A syntax error at `token`; a lexical problem in the token itself wins over `message`.
    func error(_ message: String, at token: ESQLToken, expected: String?) -> QueryError {
        if case .invalid(let problem) = token.kind {
            return QueryError(.syntax, problem, at: token.location, expected: ESQLLexer.expectation(forInvalid: problem))
        }
        return QueryError(.syntax, message, at: token.location, expected: expected)
    }

    /// `unexpected <token>` plus context, at the current token.
    func unexpected(_ context: String = "", expected: String) -> QueryError {
        let token = current
        let what = token.kind == .endOfInput ? "unexpected end of query" : "unexpected \(token)"
        let message = context.isEmpty ? what : context.hasPrefix(";") ? what + context : "\(what) \(context)"
        return error(message, at: token, expected: expected)
    }

    mutating func expect(_ kind: ESQLToken.Kind, _ context: String = "", expected: String) throws(QueryError) -> ESQLToken {
        guard current.kind == kind else { throw unexpected(context, expected: expected) }
        return advance()
    }

    /// Lexical problems the parser skipped over while recovering.
    mutating func reportSkippedInvalidTokens() {
        let reported = Set(diagnostics.compactMap { $0.location?.offset })
        for token in tokens {
            if case .invalid(let problem) = token.kind, !reported.contains(token.location.offset) {
                diagnostics.append(QueryError(.syntax, problem, at: token.location, expected: ESQLLexer.expectation(forInvalid: problem)))
            }
        }
    }

    // MARK: - Commands

    static let processingCommands = "WHERE, EVAL, STATS, KEEP, DROP, RENAME, SORT, LIMIT, DISSECT, GROK or MV_EXPAND"

    /// ES|QL commands pumpwatch does not run, by their lower-case first word.
    static let unsupportedCommands: [String: String] = [
        "row": "ROW", "show": "SHOW", "meta": "META", "ts": "TS", "metrics": "METRICS", "explain": "EXPLAIN",
        "enrich": "ENRICH", "lookup": "LOOKUP JOIN", "inlinestats": "INLINESTATS", "inline": "INLINE STATS",
        "fork": "FORK", "change_point": "CHANGE_POINT", "completion": "COMPLETION", "rerank": "RERANK",
        "sample": "SAMPLE", "join": "JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN", "full": "FULL JOIN",
        "fuse": "FUSE", "rrf": "RRF", "insist": "INSIST", "project": "PROJECT",
    ]

    static let supportedCommands: Set<String> = [
        "from", "where", "eval", "stats", "keep", "drop", "rename", "sort", "limit", "dissect", "grok", "mv_expand",
    ]

    mutating func parseCommands() -> [ESQLCommand] {
        var commands: [ESQLCommand] = []
        if current.kind == .endOfInput {
            diagnostics.append(error("the query is empty", at: current, expected: "FROM"))
            return commands
        }
        var isFirst = true
        while true {
            do throws(QueryError) {
                commands.append(try parseCommand(isFirst: isFirst))
            } catch {
                diagnostics.append(error)
                skipToNextCommand()
            }
            isFirst = false
            if current.kind == .endOfInput { break }
            advance()  // the '|'
            if current.kind == .endOfInput {
                diagnostics.append(unexpected("after '|'", expected: "a command: \(Self.processingCommands)"))
                break
            }
        }
        return commands
    }

    mutating func skipToNextCommand() {
        while !atCommandEnd { advance() }
    }

    mutating func parseCommand(isFirst: Bool) throws(QueryError) -> ESQLCommand {
        let start = current
        guard case .identifier(let word) = start.kind else {
            if isFirst { throw unexpected("at the start of the query", expected: "FROM") }
            throw unexpected("where a command should start", expected: "a command: \(Self.processingCommands)")
        }
        let name = word.lowercased()
        if let unsupported = Self.unsupportedCommands[name] {
            var label = unsupported
            if name == "lookup", !peek(1).isWord("join") { label = "LOOKUP" }
            throw QueryError(.unsupported, label, at: start.location)
        }
        guard Self.supportedCommands.contains(name) else {
            throw error("unknown command '\(word)'", at: start, expected: isFirst ? "FROM" : "a command: \(Self.processingCommands)")
        }
        if isFirst, name != "from" {
            throw error("a query must start with FROM, not \(word.uppercased())", at: start, expected: "FROM")
        }
        if !isFirst, name == "from" {
            throw error("FROM can only start a query", at: start, expected: "a command: \(Self.processingCommands)")
        }
        advance()
        let kind: ESQLCommand.Kind
        let label = name.uppercased()
        switch name {
        case "from": kind = try parseFrom()
        case "where":
            try requireExpression(after: "WHERE", what: "a condition")
            kind = .where(try parseExpression())
        case "eval": kind = .eval(try parseFields(after: "EVAL", allowFilter: false))
        case "stats": kind = try parseStats()
        case "keep": kind = .keep(try parseNamePatterns(after: "KEEP", allowWildcards: true))
        case "drop": kind = .drop(try parseNamePatterns(after: "DROP", allowWildcards: true))
        case "rename": kind = try parseRename()
        case "sort": kind = try parseSort()
        case "limit": kind = try parseLimit()
        case "dissect": kind = try parseDissect()
        case "grok": kind = try parseGrok()
        default: kind = .mvExpand(try parseName(after: "MV_EXPAND", allowWildcards: false))
        }
        try expectCommandEnd(label)
        return ESQLCommand(kind, name: label, at: start.location)
    }

    mutating func expectCommandEnd(_ command: String) throws(QueryError) {
        if atCommandEnd { return }
        switch current.kind {
        case .assign:
            throw error("'=' assigns a value; to compare, use '=='", at: current, expected: "'=='")
        case .rightParen:
            throw error("unexpected ')': no '(' is open", at: current, expected: "'|' or the end of the query")
        default:
            let list = ["EVAL", "STATS", "KEEP", "DROP", "RENAME", "SORT"].contains(command) ? "',', " : ""
            throw unexpected("in \(command)", expected: "\(list)an operator, '|' or the end of the query")
        }
    }

    /// Throws a clear error when no expression starts at the current token.
    mutating func requireExpression(after context: String, what: String = "an expression") throws(QueryError) {
        if startsExpression(current) { return }
        throw unexpected("after \(context)", expected: what)
    }

    func startsExpression(_ token: ESQLToken) -> Bool {
        switch token.kind {
        case .identifier, .quotedIdentifier, .integer, .decimal, .timeSpan, .string, .leftParen, .leftBracket,
            .minus, .plus, .questionMark:
            return true
        case .keyword(let k): return k == .not || k == .null || k == .true || k == .false
        default: return false
        }
    }

    // MARK: FROM

    mutating func parseFrom() throws(QueryError) -> ESQLCommand.Kind {
        var sources: [String] = []
        var metadata: [String] = []
        while true {
            switch current.kind {
            case .sourcePattern(let p) where !(p.lowercased() == "metadata" && !sources.isEmpty):
                sources.append(p)
                advance()
            case .string(let p, _):
                sources.append(p)
                advance()
            default:
                if sources.isEmpty || current.kind == .comma {
                    throw unexpected("in FROM", expected: "an index pattern such as logs-*")
                }
                throw unexpected("in FROM", expected: "an index pattern")
            }
            guard current.kind == .comma else { break }
            advance()
        }
        if case .sourcePattern(let word) = current.kind, word.lowercased() == "metadata" {
            advance()
            while true {
                guard case .sourcePattern(let field) = current.kind else {
                    throw unexpected("after METADATA", expected: "a metadata field such as _id, _index or _version")
                }
                metadata.append(field)
                advance()
                guard current.kind == .comma else { break }
                advance()
            }
        }
        if !atCommandEnd {
            throw unexpected("in FROM", expected: "',' between index patterns, METADATA, '|' or the end of the query")
        }
        return .from(sources: sources, metadata: metadata)
    }

    // MARK: EVAL and STATS

    /// True when a (qualified) name followed by `=` starts at the current token.
    func assignmentAhead() -> Bool {
        switch current.kind {
        case .identifier, .quotedIdentifier: break
        default: return false
        }
        var i = 1
        while peek(i).kind == .dot {
            switch peek(i + 1).kind {
            case .identifier, .quotedIdentifier, .keyword: i += 2
            default: return false
            }
        }
        return peek(i).kind == .assign
    }

    mutating func parseField(after context: String) throws(QueryError) -> ESQLCommand.Field {
        if assignmentAhead() {
            let name = try parseName(after: context, allowWildcards: false)
            advance()  // '='
            try requireExpression(after: "'\(name.text) ='")
            return ESQLCommand.Field(name: name, expression: try parseExpression())
        }
        try requireExpression(after: context)
        return ESQLCommand.Field(name: nil, expression: try parseExpression())
    }

    mutating func parseFields(after context: String, allowFilter: Bool) throws(QueryError) -> [ESQLCommand.Field] {
        var fields: [ESQLCommand.Field] = []
        while true {
            var field = try parseField(after: fields.isEmpty ? context : "','")
            if allowFilter, current.isWord("where") {
                advance()
                try requireExpression(after: "WHERE in STATS", what: "a condition")
                field.filter = try parseExpression()
            }
            fields.append(field)
            guard current.kind == .comma else { break }
            advance()
        }
        return fields
    }

    mutating func parseStats() throws(QueryError) -> ESQLCommand.Kind {
        var aggregates: [ESQLCommand.Field] = []
        var groupings: [ESQLCommand.Field] = []
        if atCommandEnd {
            throw error("STATS needs aggregates or BY", at: current, expected: "an aggregate such as COUNT(*), or BY")
        }
        if !current.isWord("by") {
            aggregates = try parseFields(after: "STATS", allowFilter: true)
        }
        if current.isWord("by") {
            advance()
            groupings = try parseFields(after: "BY", allowFilter: false)
        } else if !atCommandEnd {
            throw unexpected("in STATS", expected: "',', BY, an operator, '|' or the end of the query")
        }
        return .stats(aggregates: aggregates, groupings: groupings)
    }

    // MARK: KEEP, DROP, RENAME, MV_EXPAND

    /// A column name or pattern: adjacent name parts, dots and (when allowed) `*` (`aws.*`, `*_id`).
    mutating func parseName(after context: String, allowWildcards: Bool) throws(QueryError) -> ESQLCommand.Name {
        let start = current
        var text = ""
        var needPart = true
        while true {
            let token = current
            if !text.isEmpty, token.range.lowerBound != lastEnd { break }
            var piece: String?
            switch token.kind {
            case .identifier(let s), .quotedIdentifier(let s):
                if needPart || text.hasSuffix("*") { piece = s }
            case .keyword:
                if needPart, !text.isEmpty { piece = source(of: token) }
            case .star:
                guard allowWildcards else {
                    throw error("\(context) does not take wildcards", at: token, expected: "a column name")
                }
                piece = "*"
            case .dot:
                if !needPart, !text.isEmpty { piece = "." }
            default:
                break
            }
            guard let piece else { break }
            advance()
            text += piece
            needPart = piece == "."
        }
        if text.isEmpty {
            if current.kind == .endOfInput || current.kind == .pipe || current.kind == .comma {
                throw error("missing column name after \(context)", at: current, expected: "a column name")
            }
            throw unexpected("after \(context)", expected: allowWildcards ? "a column name or pattern" : "a column name")
        }
        if needPart {
            throw unexpected("after '.' in a column name", expected: "a name part")
        }
        return ESQLCommand.Name(text, at: start.location)
    }

    func source(of token: ESQLToken) -> String {
        String(decoding: bytes[token.range], as: UTF8.self)
    }

    mutating func parseNamePatterns(after context: String, allowWildcards: Bool) throws(QueryError) -> [ESQLCommand.Name] {
        var names: [ESQLCommand.Name] = []
        while true {
            names.append(try parseName(after: names.isEmpty ? context : "','", allowWildcards: allowWildcards))
            guard current.kind == .comma else { break }
            advance()
        }
        return names
    }

    mutating func parseRename() throws(QueryError) -> ESQLCommand.Kind {
        var pairs: [ESQLCommand.Rename] = []
        while true {
            let first = try parseName(after: pairs.isEmpty ? "RENAME" : "','", allowWildcards: false)
            if current.isWord("as") {
                advance()
                let new = try parseName(after: "AS", allowWildcards: false)
                pairs.append(ESQLCommand.Rename(old: first, new: new))
            } else if current.kind == .assign {
                advance()
                let old = try parseName(after: "'='", allowWildcards: false)
                pairs.append(ESQLCommand.Rename(old: old, new: first))
            } else {
                throw unexpected("in RENAME", expected: "AS and the new name")
            }
            guard current.kind == .comma else { break }
            advance()
        }
        return .rename(pairs)
    }

    // MARK: SORT and LIMIT

    mutating func parseSort() throws(QueryError) -> ESQLCommand.Kind {
        var items: [ESQLCommand.SortItem] = []
        while true {
            try requireExpression(after: items.isEmpty ? "SORT" : "','", what: "a sort key")
            let expression = try parseExpression()
            var descending = false
            var nullsFirst: Bool?
            if current.isWord("asc") {
                advance()
            } else if current.isWord("desc") {
                descending = true
                advance()
            }
            if current.isWord("nulls") {
                advance()
                if current.isWord("first") {
                    nullsFirst = true
                } else if current.isWord("last") {
                    nullsFirst = false
                } else {
                    throw unexpected("after NULLS", expected: "FIRST or LAST")
                }
                advance()
            }
            items.append(ESQLCommand.SortItem(expression: expression, descending: descending, nullsFirst: nullsFirst))
            guard current.kind == .comma else { break }
            advance()
        }
        if !atCommandEnd {
            throw unexpected("in SORT", expected: "ASC, DESC, NULLS FIRST, NULLS LAST, ',', '|' or the end of the query")
        }
        return .sort(items)
    }

    mutating func parseLimit() throws(QueryError) -> ESQLCommand.Kind {
        guard case .integer(let n) = current.kind, n <= Int64(Int32.max) else {
            if atCommandEnd { throw error("missing row count after LIMIT", at: current, expected: "a non-negative integer") }
            throw unexpected("after LIMIT", expected: "a non-negative integer")
        }
        advance()
        return .limit(Int(n))
    }

    // MARK: DISSECT and GROK

    mutating func parsePatternString(after command: String) throws(QueryError) -> (String, ESQLToken) {
        guard case .string(let pattern, _) = current.kind else {
            throw unexpected("in \(command)", expected: "the \(command) pattern as a string")
        }
        return (pattern, advance())
    }

    /// The location in the query of byte `offset` of a string token's decoded value.
    func location(ofContentOffset offset: Int, in token: ESQLToken) -> SourceLocation {
        SourceLocation(offset: ESQLLexer.sourceOffset(ofContentOffset: offset, in: token, text: text), in: text)
    }

    mutating func parseDissect() throws(QueryError) -> ESQLCommand.Kind {
        try requireExpression(after: "DISSECT", what: "the field to dissect")
        let input = try parseCastExpression()
        let (pattern, patternToken) = try parsePatternString(after: "DISSECT")
        var separator = ""
        while case .identifier(let option) = current.kind {
            let optionToken = advance()
            guard option.lowercased() == "append_separator" else {
                throw error("unknown DISSECT option '\(option)'", at: optionToken, expected: "APPEND_SEPARATOR")
            }
            _ = try expect(.assign, "after APPEND_SEPARATOR", expected: "'='")
            guard case .string(let value, _) = current.kind else {
                throw unexpected("after APPEND_SEPARATOR =", expected: "a string")
            }
            separator = value
            advance()
            guard current.kind == .comma else { break }
            advance()
        }
        do throws(DissectPatternParser.Failure) {
            let parsed = try DissectPatternParser.parse(pattern, appendSeparator: separator)
            return .dissect(input: input, pattern: parsed)
        } catch {
            let at = location(ofContentOffset: error.offset, in: patternToken)
            if error.unsupported { throw QueryError(.unsupported, "DISSECT \(error.message)", at: at) }
            throw QueryError(.syntax, "bad DISSECT pattern: \(error.message)", at: at, expected: error.expected)
        }
    }

    mutating func parseGrok() throws(QueryError) -> ESQLCommand.Kind {
        try requireExpression(after: "GROK", what: "the field to match")
        let input = try parseCastExpression()
        let (pattern, patternToken) = try parsePatternString(after: "GROK")
        if current.kind == .comma {
            throw QueryError(.unsupported, "GROK with several patterns", at: current.location)
        }
        do throws(GrokPatterns.Failure) {
            return .grok(input: input, pattern: try GrokPatterns.expand(pattern))
        } catch {
            let at = location(ofContentOffset: error.offset, in: patternToken)
            throw QueryError(.syntax, "bad GROK pattern: \(error.message)", at: at, expected: error.expected)
        }
    }
}
