import PumpwatchCore
import PumpwatchQuery

/// A recursive-descent parser from CQL text to a `CQLQuery`.
///
/// Grammar, loosest first:
/// ```
/// pipeline   := stage (("|" | line break) stage)*
/// stage      := "case" "{" pipeline (";" pipeline)* "}"
///             | word "match" "{" value "=>" pipeline (";" ...)* "}"
///             | word ":=" value-expr | "eval" word "=" value-expr | "where" value-expr
///             | "union" "[" pipeline "]" | "(" pipeline ")" | "[" call ("," call)* "]"
///             | filter
/// filter     := or-expr (("and" | adjacency) or-expr)*     -- implicit AND between adjacent filters
/// or-expr    := not-expr ("or" not-expr)*                   -- OR binds tighter than AND
/// not-expr   := ("not" | "!") not-expr | comparison
/// comparison := operand (("=" | "!=") value | ("==" | "<" | ...) operand
///                        | "like" operand | "in" array | "=~" call)?
/// ```
/// In a filter, arithmetic does not exist and `*`, `-` glue into unquoted values (`WIN-*`);
/// inside function arguments, `test()`, `:=` and `where` the usual arithmetic applies.
///
/// The parser recovers from an error by skipping to the next `|` of the same pipeline, so one
/// pass reports every broken stage; `diagnostics` lists them in text order.
public struct CQLParser {
    /// Whether a filter or a value is being parsed (see the type documentation).
    enum Mode {
        case filter
        case value
    }

    var tokens: [CQLToken]
    var index = 0
    var diagnostics: [QueryError] = []
    /// How deeply the stage or expression being parsed nests: brackets, sub-pipelines, prefix
    /// operators, and operator chains (`a or b or c` nests to the left).
    var depth = 0

    /// The deepest nesting the parser follows. Deeper queries are a syntax error rather than a
    /// stack overflow in the parser or in what walks the tree after it.
    static let maxDepth = 256

    /// Parses `text`, recovering from errors; the query holds every stage that parsed.
    public static func parse(_ text: String) -> (query: CQLQuery, diagnostics: [QueryError]) {
        let (tokens, lexical) = CQLLexer.tokenize(text)
        var parser = CQLParser(tokens: tokens)
        let pipeline = parser.parseTopLevel()
        let all = (lexical + parser.diagnostics).sorted { ($0.location?.offset ?? 0) < ($1.location?.offset ?? 0) }
        var seen = Set<Int>()
        let unique = all.filter { seen.insert($0.location?.offset ?? -1).inserted }
        return (CQLQuery(pipeline: pipeline, text: text), unique)
    }

    init(tokens: [CQLToken]) {
        self.tokens = tokens
    }

    // MARK: - Tokens

    var current: CQLToken { tokens[index] }

    func peek(_ ahead: Int = 1) -> CQLToken { tokens[min(index + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> CQLToken {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    func syntaxError(_ message: String, expected: String, at token: CQLToken? = nil) -> QueryError {
        let t = token ?? current
        return QueryError(.syntax, message, at: t.location, expected: expected)
    }

    /// "found X", the usual message for an unexpected token.
    func found(_ expected: String) -> QueryError {
        syntaxError("found \(current)", expected: expected)
    }

    /// Consumes a closing bracket, or fails naming the opening one.
    mutating func close(_ kind: CQLToken.Kind, opened opener: CQLToken, what: String, alternatives: String? = nil) throws(QueryError) {
        if current.kind == kind {
            advance()
            return
        }
        let closing = "`\(CQLToken.spelling(of: kind))`"
        throw syntaxError(
            "\(what) at \(opener.location) is not closed; found \(current)",
            expected: alternatives.map { "\($0) or \(closing)" } ?? closing)
    }

    /// Goes one level deeper at `token`, or fails when the query nests deeper than `maxDepth`.
    /// The caller puts `depth` back when it returns.
    mutating func descend(at token: CQLToken) throws(QueryError) {
        guard depth < Self.maxDepth else {
            throw QueryError(
                .syntax, "the query nests deeper than \(Self.maxDepth) levels", at: token.location,
                expected: "fewer nested brackets, operators or sub-pipelines")
        }
        depth += 1
    }

    static func isOpener(_ k: CQLToken.Kind) -> Bool { k == .leftParen || k == .leftBracket || k == .leftBrace }
    static func isCloser(_ k: CQLToken.Kind) -> Bool { k == .rightParen || k == .rightBracket || k == .rightBrace }

    // MARK: - Pipelines

    mutating func parseTopLevel() -> CQLPipeline {
        if current.kind == .pipe { advance() }
        return parsePipeline(terminators: [])
    }

    /// Parses stages until `end` or one of `terminators` (not consumed).
    mutating func parsePipeline(terminators: Set<CQLToken.Kind>) -> CQLPipeline {
        let start = current.location
        var stages: [CQLStage] = []
        let ending = terminators.isEmpty ? "end of query" : terminators.map { "`\(CQLToken.spelling(of: $0))`" }.sorted().joined(separator: " or ")
        while current.kind != .end && !terminators.contains(current.kind) {
            if current.kind == .pipe {
                diagnostics.append(found("a stage before `|`"))
                advance()
                continue
            }
            if Self.isCloser(current.kind) || current.kind == .semicolon {
                let t = advance()
                let opener: String
                switch t.kind {
                case .rightParen: opener = "no `(` is open"
                case .rightBracket: opener = "no `[` is open"
                case .rightBrace: opener = "no `{` is open"
                default: opener = "`;` only separates the branches of `case { }`"
                }
                diagnostics.append(syntaxError("unexpected \(t): \(opener)", expected: "`|` or \(ending)", at: t))
                if current.kind == .pipe { advance() }
                continue
            }
            let before = index
            do {
                stages.append(try parseStage())
            } catch {
                diagnostics.append(error)
                recover(terminators: terminators)
                if index == before, current.kind != .pipe, current.kind != .end, !terminators.contains(current.kind) { advance() }
            }
            if current.kind == .pipe {
                advance()
                if current.kind == .end || terminators.contains(current.kind) {
                    diagnostics.append(found("a stage after `|`"))
                }
                continue
            }
            if current.kind == .end || terminators.contains(current.kind) { break }
            if current.newlineBefore { continue }
            if Self.isCloser(current.kind) || current.kind == .semicolon { continue }
            diagnostics.append(found("`|` or \(ending)"))
            recover(terminators: terminators)
        }
        return CQLPipeline(stages: stages, location: start)
    }

    /// Skips to the next `|` of this pipeline, or to its terminator, balancing brackets.
    mutating func recover(terminators: Set<CQLToken.Kind>) {
        var depth = 0
        while current.kind != .end {
            let k = current.kind
            if Self.isOpener(k) {
                depth += 1
            } else if Self.isCloser(k) {
                if depth == 0 {
                    if terminators.contains(k) { return }
                } else {
                    depth -= 1
                }
            } else if depth == 0 && (k == .pipe || terminators.contains(k)) {
                return
            }
            advance()
        }
    }

    // MARK: - Stages

    mutating func parseStage() throws(QueryError) -> CQLStage {
        let t = current
        let entryDepth = depth
        defer { depth = entryDepth }
        try descend(at: t)
        let next = peek()
        if t.kind == .word {
            if t.isKeyword("case") && next.kind == .leftBrace { return try parseCase() }
            if next.kind == .colonEqual { return try parseColonAssignment() }
            if t.isKeyword("eval") && next.kind == .word && peek(2).kind == .equal { return try parseEvalStatement() }
            if t.isKeyword("where") && next.kind != .end && next.kind != .pipe && next.kind != .equal && next.kind != .notEqual
                && next.kind != .colonEqual && !(next.kind == .leftParen && !next.spaceBefore)
            {
                advance()
                let e = try parseAnd(.value, stageLevel: false)
                return CQLStage(.where(e), at: t.location)
            }
            if t.isKeyword("union") && next.kind == .leftBracket {
                advance()
                let open = advance()
                let p = parsePipeline(terminators: [.rightBracket])
                try close(.rightBracket, opened: open, what: "`union [`")
                return CQLStage(.union(p), at: t.location)
            }
            if next.isKeyword("match") && peek(2).kind == .leftBrace { return try parseMatch() }
        }
        if t.kind == .leftBracket {
            let list = try parseArray(.value)
            guard case .array(let items) = list.kind else { throw found("an aggregate list") }
            var calls: [CQLFunctionCall] = []
            for item in items {
                guard let c = item.call else {
                    throw QueryError(.syntax, "found `\(item)` in an aggregate list", at: item.location, expected: "an aggregate function call such as `count()`")
                }
                calls.append(c)
            }
            return CQLStage(.aggregateList(calls), at: t.location)
        }
        if t.kind == .leftParen && parenthesisHoldsPipeline() {
            let open = advance()
            let p = parsePipeline(terminators: [.rightParen])
            try close(.rightParen, opened: open, what: "`(`")
            return CQLStage(.subPipeline(p), at: t.location)
        }
        let e = try parseAnd(.filter, stageLevel: true)
        if case .call(let c) = e.kind { return CQLStage(.call(c), at: t.location) }
        return CQLStage(.filter(e), at: t.location)
    }

    /// True when the `(` at the current token encloses a `|` of its own (a sub-pipeline).
    func parenthesisHoldsPipeline() -> Bool {
        var depth = 0
        var i = index
        while i < tokens.count {
            let k = tokens[i].kind
            if k == .end { return false }
            if Self.isOpener(k) { depth += 1 }
            if Self.isCloser(k) {
                depth -= 1
                if depth == 0 { return false }
            }
            if k == .pipe && depth == 1 { return true }
            i += 1
        }
        return false
    }

    mutating func parseColonAssignment() throws(QueryError) -> CQLStage {
        let name = advance()
        advance()
        let value = try parseAnd(.value, stageLevel: false)
        return CQLStage(.assignment(CQLAssignment(name: name.text, nameLocation: name.location, value: value, form: .colonEquals)), at: name.location)
    }

    /// The seed's `eval Name = expression`; several assignments may follow, separated by commas.
    mutating func parseEvalStatement() throws(QueryError) -> CQLStage {
        let keyword = advance()
        var assignments: [CQLAssignment] = []
        while true {
            guard current.kind == .word else { throw found("a field name after `eval`") }
            let name = advance()
            guard current.kind == .equal else { throw found("`=` after `eval \(name.text)`") }
            advance()
            let value = try parseAnd(.value, stageLevel: false)
            assignments.append(CQLAssignment(name: name.text, nameLocation: name.location, value: value, form: .evalStatement))
            if current.kind == .comma && peek().kind == .word && peek(2).kind == .equal {
                advance()
                continue
            }
            break
        }
        if assignments.count == 1 { return CQLStage(.assignment(assignments[0]), at: keyword.location) }
        // Several assignments: a sub-pipeline of one assignment each, applied in order.
        let stages = assignments.map { CQLStage(.assignment($0), at: $0.nameLocation) }
        return CQLStage(.subPipeline(CQLPipeline(stages: stages, location: keyword.location)), at: keyword.location)
    }

    mutating func parseCase() throws(QueryError) -> CQLStage {
        let keyword = advance()
        let open = advance()
        var branches: [CQLStage.CaseBranch] = []
        while true {
            if current.kind == .rightBrace {
                advance()
                break
            }
            if current.kind == .semicolon {
                advance()
                continue
            }
            if current.kind == .end {
                throw syntaxError("`case {` at \(open.location) is not closed; found end of query", expected: "`;` or `}`")
            }
            let start = current.location
            let p = parsePipeline(terminators: [.semicolon, .rightBrace])
            branches.append(CQLStage.CaseBranch(pipeline: p, location: start))
            if current.kind != .semicolon && current.kind != .rightBrace {
                try close(.rightBrace, opened: open, what: "`case {`", alternatives: "`;`")
                break
            }
        }
        return CQLStage(.caseBlock(branches), at: keyword.location)
    }

    mutating func parseMatch() throws(QueryError) -> CQLStage {
        let fieldToken = advance()
        let field = CQLExpression(.word(fieldToken.text), at: fieldToken.location)
        advance()
        let open = advance()
        var branches: [CQLStage.MatchBranch] = []
        while true {
            if current.kind == .rightBrace {
                advance()
                break
            }
            if current.kind == .semicolon {
                advance()
                continue
            }
            if current.kind == .end {
                throw syntaxError("`match {` at \(open.location) is not closed; found end of query", expected: "`;` or `}`")
            }
            let start = current.location
            let pattern = try parseFilterValue(after: "`match {`")
            guard current.kind == .arrow else { throw found("`=>` after a match pattern") }
            advance()
            let p = parsePipeline(terminators: [.semicolon, .rightBrace])
            branches.append(CQLStage.MatchBranch(pattern: pattern, pipeline: p, location: start))
            if current.kind != .semicolon && current.kind != .rightBrace {
                try close(.rightBrace, opened: open, what: "`match {`", alternatives: "`;`")
                break
            }
        }
        return CQLStage(.match(field: field, branches: branches), at: fieldToken.location)
    }
}
