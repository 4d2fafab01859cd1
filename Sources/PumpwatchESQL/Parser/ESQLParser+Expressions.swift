import PumpwatchCore
import PumpwatchQuery

/// Expressions, loosest binding first:
/// `OR` < `AND` < `NOT` < comparison, `LIKE`, `RLIKE`, `IN`, `IS NULL` < `+ -` < `* / %` < unary `-` < `::`.
extension ESQLParser {
    mutating func parseExpression() throws(QueryError) -> ESQLExpression {
        try parseOr()
    }

    func make(_ kind: ESQLExpression.Kind, from start: SourceLocation) -> ESQLExpression {
        ESQLExpression(kind, at: start, text: source(from: start.offset))
    }

    mutating func parseOr() throws(QueryError) -> ESQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var left = try parseAnd()
        while current.isKeyword(.or) {
            try descend(at: current)
            advance()
            try requireExpression(after: "OR")
            let right = try parseAnd()
            left = make(.binary(.or, left, right), from: left.location)
        }
        return left
    }

    mutating func parseAnd() throws(QueryError) -> ESQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var left = try parseNot()
        while current.isKeyword(.and) {
            try descend(at: current)
            advance()
            try requireExpression(after: "AND")
            let right = try parseNot()
            left = make(.binary(.and, left, right), from: left.location)
        }
        return left
    }

    mutating func parseNot() throws(QueryError) -> ESQLExpression {
        guard current.isKeyword(.not) else { return try parsePredicate() }
        let entryDepth = depth
        defer { depth = entryDepth }
        try descend(at: current)
        let start = advance().location
        try requireExpression(after: "NOT")
        let operand = try parseNot()
        return make(.unary(.not, operand), from: start)
    }

    static func comparison(_ kind: ESQLToken.Kind) -> ESQLExpression.BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        case .caseInsensitiveEqual: return .caseInsensitiveEqual
        default: return nil
        }
    }

    /// A comparison, or an operand on its own.
    mutating func parseValueExpression() throws(QueryError) -> ESQLExpression {
        let left = try parseAdditive()
        if current.kind == .assign {
            throw error("'=' assigns a value; to compare, use '=='", at: current, expected: "'=='")
        }
        if current.kind == .colon {
            throw QueryError(.unsupported, "the match operator ':'", at: current.location)
        }
        guard let op = Self.comparison(current.kind) else { return left }
        let opToken = advance()
        try requireExpression(after: "'\(source(of: opToken))'")
        let right = try parseAdditive()
        if Self.comparison(current.kind) != nil {
            throw error("comparisons cannot be chained", at: current, expected: "AND between two comparisons")
        }
        return make(.binary(op, left, right), from: left.location)
    }

    /// A value expression with an optional `[NOT] IN`, `[NOT] LIKE`, `[NOT] RLIKE` or `IS [NOT] NULL`.
    mutating func parsePredicate() throws(QueryError) -> ESQLExpression {
        let left = try parseValueExpression()
        var negated = false
        if current.isKeyword(.not), peek(1).isKeyword(.in) || peek(1).isKeyword(.like) || peek(1).isKeyword(.rlike) {
            advance()
            negated = true
        }
        if current.isKeyword(.in) {
            advance()
            let open = try expect(.leftParen, "after IN", expected: "'(' and a list of values")
            var items: [ESQLExpression] = []
            while true {
                try requireExpression(after: items.isEmpty ? "IN (" : "','", what: "a value")
                items.append(try parseValueExpression())
                guard current.kind == .comma else { break }
                advance()
            }
            try expectClosing(open)
            return make(.inList(left, items, negated: negated), from: left.location)
        }
        if current.isKeyword(.like) || current.isKeyword(.rlike) {
            let regex = current.isKeyword(.rlike)
            let word = regex ? "RLIKE" : "LIKE"
            advance()
            var patterns: [String] = []
            if case .string(let p, _) = current.kind {
                patterns.append(p)
                advance()
            } else if current.kind == .leftParen {
                let open = advance()
                while true {
                    guard case .string(let p, _) = current.kind else {
                        throw unexpected("in the \(word) list", expected: "a pattern string")
                    }
                    patterns.append(p)
                    advance()
                    guard current.kind == .comma else { break }
                    advance()
                }
                try expectClosing(open)
            } else {
                throw unexpected("after \(word)", expected: "a pattern string")
            }
            return make(.like(left, patterns: patterns, regex: regex, negated: negated), from: left.location)
        }
        if current.isKeyword(.is) {
            advance()
            var notNull = false
            if current.isKeyword(.not) {
                advance()
                notNull = true
            }
            guard current.isKeyword(.null) else {
                throw unexpected("after IS", expected: notNull ? "NULL" : "NULL or NOT NULL")
            }
            advance()
            return make(.isNull(left, negated: notNull), from: left.location)
        }
        return left
    }

    mutating func parseAdditive() throws(QueryError) -> ESQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            try descend(at: current)
            let op: ESQLExpression.BinaryOperator = current.kind == .plus ? .add : .subtract
            advance()
            try requireExpression(after: "'\(op.rawValue)'")
            let right = try parseMultiplicative()
            left = make(.binary(op, left, right), from: left.location)
        }
        return left
    }

    mutating func parseMultiplicative() throws(QueryError) -> ESQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var left = try parseUnary()
        while true {
            let op: ESQLExpression.BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .modulo
            default: return left
            }
            try descend(at: current)
            advance()
            try requireExpression(after: "'\(op.rawValue)'")
            let right = try parseUnary()
            left = make(.binary(op, left, right), from: left.location)
        }
    }

    mutating func parseUnary() throws(QueryError) -> ESQLExpression {
        if current.kind == .minus || current.kind == .plus {
            let entryDepth = depth
            defer { depth = entryDepth }
            try descend(at: current)
            let negate = current.kind == .minus
            let start = advance().location
            try requireExpression(after: negate ? "'-'" : "'+'")
            let operand = try parseUnary()
            guard negate else { return make(operand.kind, from: start) }
            switch operand.kind {
            case .integer(let i) where i != Int64.min: return make(.integer(-i), from: start)
            case .decimal(let d): return make(.decimal(-d), from: start)
            case .timeSpan(let t): return make(.timeSpan(TimeSpan(amount: -t.amount, unit: t.unit)), from: start)
            default: return make(.unary(.negate, operand), from: start)
            }
        }
        return try parseCastExpression()
    }

    /// A primary expression followed by any number of `::type` casts.
    mutating func parseCastExpression() throws(QueryError) -> ESQLExpression {
        let entryDepth = depth
        defer { depth = entryDepth }
        var value = try parsePrimary()
        while current.kind == .doubleColon {
            try descend(at: current)
            advance()
            let typeToken = current
            guard case .identifier(let name) = typeToken.kind else {
                throw unexpected("after '::'", expected: "a type such as keyword, long, double, datetime or ip")
            }
            advance()
            guard let type = try Self.castType(name, at: typeToken.location) else {
                throw error("unknown type '\(name)'", at: typeToken,
                    expected: "keyword, text, long, integer, double, boolean, datetime or ip")
            }
            value = make(.cast(value, type), from: value.location)
        }
        return value
    }

    /// The target of `::name`; nil for a name that is no ES|QL type.
    static func castType(_ name: String, at location: SourceLocation) throws(QueryError) -> ValueType? {
        switch name.lowercased() {
        case "keyword", "string", "text": return .string
        case "long": return .long
        case "integer", "int": return .integer
        case "double", "float": return .double
        case "boolean", "bool": return .boolean
        case "datetime", "date": return .datetime
        case "ip": return .ip
        case "unsigned_long", "version", "date_nanos", "geo_point", "geo_shape", "cartesian_point", "cartesian_shape",
            "date_period", "time_duration", "half_float", "scaled_float", "aggregate_metric_double", "dense_vector":
            throw QueryError(.unsupported, "cast to \(name.lowercased())", at: location)
        default: return nil
        }
    }

    mutating func expectClosing(_ open: ESQLToken) throws(QueryError) {
        guard current.kind == .rightParen else {
            throw unexpected("; the '(' at \(open.location) is not closed", expected: "')'")
        }
        advance()
    }

    mutating func parsePrimary() throws(QueryError) -> ESQLExpression {
        let token = current
        let start = token.location
        let entryDepth = depth
        defer { depth = entryDepth }
        try descend(at: token)
        switch token.kind {
        case .integer(let i):
            advance()
            // `7dayz`: a word stuck to a number is a misspelt unit; after a space it may be `BY` or `DESC`.
            if case .identifier(let unit) = current.kind, current.range.lowerBound == lastEnd {
                throw error("unknown time unit '\(unit)'", at: current,
                    expected: "a time unit such as ms, second, minute, hour, day, week, month or year")
            }
            return make(.integer(i), from: start)
        case .decimal(let d):
            advance()
            return make(.decimal(d), from: start)
        case .timeSpan(let t):
            advance()
            return make(.timeSpan(t), from: start)
        case .string(let s, _):
            advance()
            return make(.string(s), from: start)
        case .keyword(.null):
            advance()
            return make(.null, from: start)
        case .keyword(.true), .keyword(.false):
            advance()
            return make(.boolean(token.kind == .keyword(.true)), from: start)
        case .leftParen:
            advance()
            try requireExpression(after: "'('")
            let inner = try parseExpression()
            try expectClosing(token)
            return make(inner.kind, from: start)
        case .leftBracket:
            advance()
            var items: [ESQLExpression] = []
            if current.kind != .rightBracket {
                while true {
                    try requireExpression(after: items.isEmpty ? "'['" : "','", what: "a constant")
                    items.append(try parseUnary())
                    guard current.kind == .comma else { break }
                    advance()
                }
            }
            guard current.kind == .rightBracket else {
                throw unexpected("; the '[' at \(token.location) is not closed", expected: "']'")
            }
            advance()
            return make(.array(items), from: start)
        case .identifier(let name):
            if peek(1).kind == .leftParen { return try parseCall(name) }
            return try parseQualifiedName()
        case .quotedIdentifier:
            return try parseQualifiedName()
        case .questionMark:
            throw QueryError(.unsupported, "query parameters (?)", at: start)
        default:
            if token.kind == .endOfInput || token.kind == .pipe {
                throw error("missing expression", at: token, expected: "an expression")
            }
            throw unexpected(expected: "an expression")
        }
    }

    /// `a.b.c`, with backticked parts: `` `user name`.first ``.
    mutating func parseQualifiedName() throws(QueryError) -> ESQLExpression {
        let start = current.location
        var parts: [String] = []
        while true {
            switch current.kind {
            case .identifier(let s), .quotedIdentifier(let s): parts.append(s)
            case .keyword where !parts.isEmpty: parts.append(source(of: current))
            default: throw unexpected("after '.'", expected: "a name part")
            }
            advance()
            guard current.kind == .dot else { break }
            advance()
        }
        return make(.field(parts.joined(separator: ".")), from: start)
    }

    mutating func parseCall(_ name: String) throws(QueryError) -> ESQLExpression {
        let start = advance().location
        let open = advance()
        var arguments: [ESQLExpression] = []
        if current.kind == .star, peek(1).kind == .rightParen {
            let star = advance()
            arguments.append(ESQLExpression(.star, at: star.location, text: "*"))
        } else if current.kind != .rightParen {
            while true {
                if current.kind == .leftBrace {
                    throw QueryError(.unsupported, "function options in {...}", at: current.location)
                }
                try requireExpression(after: arguments.isEmpty ? "'\(name)('" : "','", what: "an argument")
                arguments.append(try parseExpression())
                guard current.kind == .comma else { break }
                advance()
            }
        }
        try expectClosing(open)
        return make(.call(name: name, arguments: arguments), from: start)
    }
}
