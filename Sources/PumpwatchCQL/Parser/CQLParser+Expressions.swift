import PumpwatchCore
import PumpwatchQuery

extension CQLParser {
    /// What a missing operand is called in messages.
    static func operandName(_ mode: Mode) -> String {
        mode == .filter ? "a filter" : "an expression"
    }

    /// True when `t` can begin a filter term, so that two adjacent terms form an implicit AND.
    func startsFilterTerm(_ t: CQLToken) -> Bool {
        switch t.kind {
        case .word: return !t.isKeyword("and") && !t.isKeyword("or")
        case .string, .regex, .parameter, .leftParen, .bang, .star: return true
        default: return false
        }
    }

    /// `a and b`, and in a filter `a b` (adjacent terms). At stage level a line break ends the
    /// stage instead, so the next line starts a new stage.
    mutating func parseAnd(_ mode: Mode, stageLevel: Bool) throws(QueryError) -> CQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try parseOr(mode)
        while true {
            if current.isKeyword("and") {
                try descend(at: current)
                advance()
                let rhs = try parseOr(mode)
                lhs = CQLExpression(.binary(.and, lhs, rhs), at: lhs.location)
            } else if mode == .filter && startsFilterTerm(current) && !(stageLevel && current.newlineBefore)
                && !(current.kind == .word && peek().kind == .colonEqual)
            {
                try descend(at: current)
                let rhs = try parseOr(mode)
                lhs = CQLExpression(.binary(.and, lhs, rhs), at: lhs.location)
            } else {
                return lhs
            }
        }
    }

    mutating func parseOr(_ mode: Mode) throws(QueryError) -> CQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try parseNot(mode)
        while current.isKeyword("or") {
            try descend(at: current)
            advance()
            let rhs = try parseNot(mode)
            lhs = CQLExpression(.binary(.or, lhs, rhs), at: lhs.location)
        }
        return lhs
    }

    mutating func parseNot(_ mode: Mode) throws(QueryError) -> CQLExpression {
        if current.kind == .bang || (current.isKeyword("not") && startsOperand(peek())) {
            let entryDepth = depth
            defer { depth = entryDepth }
            try descend(at: current)
            let t = advance()
            let x = try parseNot(mode)
            return CQLExpression(.unary(.not, x), at: t.location)
        }
        return try parseComparison(mode)
    }

    /// True when `t` can start the operand of `not`.
    func startsOperand(_ t: CQLToken) -> Bool {
        switch t.kind {
        case .word, .string, .regex, .parameter, .leftParen, .leftBracket, .bang, .star, .minus: return true
        default: return false
        }
    }

    mutating func parseComparison(_ mode: Mode) throws(QueryError) -> CQLExpression {
        let lhs = try parseAdditive(mode)
        let t = current
        let op: CQLExpression.BinaryOperator
        switch t.kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .doubleEqual: op = .doubleEqual
        case .less: op = .less
        case .lessOrEqual: op = .lessOrEqual
        case .greater: op = .greater
        case .greaterOrEqual: op = .greaterOrEqual
        case .tildeEqual: op = .matches
        case .word where t.isKeyword("like") && (peek().kind == .string || peek().kind == .word):
            op = .like
        case .word where t.isKeyword("in") && peek().kind == .leftBracket:
            op = .in
        default:
            return lhs
        }
        advance()
        let rhs: CQLExpression
        switch op {
        case .equal, .notEqual:
            rhs = try parseFilterValue(after: "`\(op.rawValue)`", arithmetic: mode == .value)
        case .matches:
            rhs = try parsePrimary(mode)
            guard rhs.call != nil else {
                throw QueryError(.syntax, "found \(rhs) after `=~`", at: rhs.location, expected: "a function call such as `in(values=[...])` after `=~`")
            }
        case .in:
            rhs = try parseArray(.value)
        case .like:
            rhs = try parsePrimary(.filter)
        default:
            rhs = mode == .filter ? try parseFilterValue(after: "`\(op.rawValue)`") : try parseAdditive(mode)
        }
        return CQLExpression(.binary(op, lhs, rhs), at: lhs.location)
    }

    /// The value after `=`, `!=` or a comparison in a filter: a string, a regex, a parameter, or
    /// an unquoted value whose adjacent pieces (`WIN-*`, `*.exe`, `-1`, `+1555*`) form one word.
    /// In a value expression anything else is an ordinary operand (`test(a != b + 1)`).
    mutating func parseFilterValue(after what: String, arithmetic: Bool = false) throws(QueryError) -> CQLExpression {
        let t = current
        switch t.kind {
        case .string, .regex, .parameter:
            advance()
            return primaryToken(t)
        case .word, .star, .minus, .plus:
            if arithmetic, t.kind == .word, !(peek().kind == .star && !peek().spaceBefore) {
                return try parseAdditive(.value)
            }
            return gluedWord(kinds: [.word, .star, .minus, .plus])
        default:
            if arithmetic, startsOperand(t) { return try parseAdditive(.value) }
            throw found("a value after \(what)")
        }
    }

    /// One word from the current token and the tokens that touch it (no space between).
    mutating func gluedWord(kinds: Set<CQLToken.Kind>) -> CQLExpression {
        let first = advance()
        var text = first.text
        while kinds.contains(current.kind) && !current.spaceBefore {
            if current.kind == .word && peek().kind == .leftParen && !peek().spaceBefore { break }
            text += advance().text
        }
        return CQLExpression(.word(text), at: first.location)
    }

    func primaryToken(_ t: CQLToken) -> CQLExpression {
        switch t.kind {
        case .string: return CQLExpression(.string(t.text), at: t.location)
        case .regex: return CQLExpression(.regex(pattern: t.text, flags: t.flags), at: t.location)
        case .parameter: return CQLExpression(.parameter(t.text), at: t.location)
        default: return CQLExpression(.word(t.text), at: t.location)
        }
    }

    mutating func parseAdditive(_ mode: Mode) throws(QueryError) -> CQLExpression {
        guard mode == .value else { return try parsePrimary(mode) }
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            try descend(at: current)
            let op: CQLExpression.BinaryOperator = advance().kind == .plus ? .add : .subtract
            let rhs = try parseMultiplicative()
            lhs = CQLExpression(.binary(op, lhs, rhs), at: lhs.location)
        }
        return lhs
    }

    mutating func parseMultiplicative() throws(QueryError) -> CQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try parseUnary()
        while current.kind == .star || current.kind == .slash || current.kind == .percent {
            try descend(at: current)
            let k = advance().kind
            let op: CQLExpression.BinaryOperator = k == .star ? .multiply : k == .slash ? .divide : .modulo
            let rhs = try parseUnary()
            lhs = CQLExpression(.binary(op, lhs, rhs), at: lhs.location)
        }
        return lhs
    }

    mutating func parseUnary() throws(QueryError) -> CQLExpression {
        if current.kind == .minus {
            let entryDepth = depth
            defer { depth = entryDepth }
            try descend(at: current)
            let t = advance()
            let x = try parseUnary()
            return CQLExpression(.unary(.negate, x), at: t.location)
        }
        return try parsePrimary(.value)
    }

    mutating func parsePrimary(_ mode: Mode) throws(QueryError) -> CQLExpression {
        let t = current
        let entryDepth = depth
        defer { depth = entryDepth }
        try descend(at: t)
        switch t.kind {
        case .word:
            if t.isKeyword("and") || t.isKeyword("or") {
                throw found("\(Self.operandName(mode)) before `\(t.text)`")
            }
            if peek().kind == .leftParen && !peek().spaceBefore { return try parseCall() }
            if mode == .filter { return gluedWord(kinds: [.word, .star, .minus]) }
            return valueWord()
        case .star:
            if mode == .filter { return gluedWord(kinds: [.word, .star, .minus]) }
            return valueWord()
        case .string, .regex, .parameter:
            advance()
            return primaryToken(t)
        case .leftParen:
            let open = advance()
            let inner = try parseAnd(mode, stageLevel: false)
            try close(.rightParen, opened: open, what: "`(`")
            return inner
        case .leftBracket:
            return try parseArray(.value)
        case .leftBrace:
            let open = advance()
            let pipeline = parsePipeline(terminators: [.rightBrace])
            try close(.rightBrace, opened: open, what: "`{`")
            return CQLExpression(.subQuery(pipeline), at: open.location)
        default:
            throw found(Self.operandName(mode))
        }
    }

    /// A word in a value: `*foo*`, `foo*` and `*foo` stay one wildcard word, `a*b` is a product.
    mutating func valueWord() -> CQLExpression {
        let first = current
        if first.kind == .star {
            advance()
            var text = "*"
            if current.kind == .word && !current.spaceBefore {
                text += advance().text
                if current.kind == .star && !current.spaceBefore { text += advance().text }
            }
            return CQLExpression(.word(text), at: first.location)
        }
        advance()
        var text = first.text
        if current.kind == .star && !current.spaceBefore {
            let after = peek()
            let continues = !after.spaceBefore && (after.kind == .word || after.kind == .leftParen)
            if !continues { text += advance().text }
        }
        return CQLExpression(.word(text), at: first.location)
    }

    /// `[a, b, ...]`.
    mutating func parseArray(_ mode: Mode) throws(QueryError) -> CQLExpression {
        let open = advance()
        var items: [CQLExpression] = []
        if current.kind == .rightBracket {
            advance()
            return CQLExpression(.array(items), at: open.location)
        }
        while true {
            items.append(try parseAnd(.value, stageLevel: false))
            if current.kind == .comma {
                advance()
                if current.kind == .rightBracket {
                    advance()
                    break
                }
                continue
            }
            try close(.rightBracket, opened: open, what: "`[`", alternatives: "`,`")
            break
        }
        return CQLExpression(.array(items), at: open.location)
    }

    /// `name(arg, name=value, ...)`.
    mutating func parseCall() throws(QueryError) -> CQLExpression {
        let nameToken = advance()
        let open = advance()
        var arguments: [CQLFunctionCall.Argument] = []
        if current.kind == .rightParen {
            advance()
        } else {
            while true {
                let start = current
                if start.kind == .word && peek().kind == .equal {
                    advance()
                    advance()
                    let value = try parseAnd(.value, stageLevel: false)
                    arguments.append(CQLFunctionCall.Argument(name: start.text, value: value, location: start.location))
                } else {
                    let value = try parseAnd(.value, stageLevel: false)
                    arguments.append(CQLFunctionCall.Argument(name: nil, value: value, location: start.location))
                }
                if current.kind == .comma {
                    advance()
                    continue
                }
                try close(.rightParen, opened: open, what: "`\(nameToken.text)(`", alternatives: "`,`")
                break
            }
        }
        let call = CQLFunctionCall(name: nameToken.text, arguments: arguments, location: nameToken.location)
        return CQLExpression(.call(call), at: nameToken.location)
    }
}
