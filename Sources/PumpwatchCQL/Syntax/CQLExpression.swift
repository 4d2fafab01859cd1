import PumpwatchCore

/// An expression of CQL: a filter, a value, or an argument.
///
/// The parser builds one tree shape for all three uses; the planner reads it in context. In a
/// filter a bare word is free text or the field on the left of an operator; in `test()`, `eval`
/// and `:=` a bare word is a field and a number is a number.
public struct CQLExpression: Sendable, Hashable, CustomStringConvertible {
    /// The forms of an expression.
    public indirect enum Kind: Sendable, Hashable {
        /// An unquoted word: field name, number, or value, possibly with `*` wildcards (`*.exe`).
        case word(String)
        /// A quoted string, decoded; an escaped `\*` stays escaped.
        case string(String)
        /// `/pattern/flags`.
        case regex(pattern: String, flags: String)
        /// `?name`, a query parameter.
        case parameter(String)
        /// `[a, b, c]`.
        case array([CQLExpression])
        case call(CQLFunctionCall)
        case unary(UnaryOperator, CQLExpression)
        case binary(BinaryOperator, CQLExpression, CQLExpression)
        /// `{ stage | ... }`, a sub-query argument (`defineTable(query={...})`, `join({...})`).
        case subQuery(CQLPipeline)
    }

    /// Prefix operators.
    public enum UnaryOperator: String, Sendable, Hashable {
        /// `not` or `!`.
        case not
        /// `-x`.
        case negate = "-"
    }

    /// Infix operators, loosest first: `and` (also implicit, between adjacent filters), `or`,
    /// comparisons, `+ -`, `* / %`.
    public enum BinaryOperator: String, Sendable, Hashable {
        case and, or
        /// `Field = value`: a whole-value, case-sensitive match where `*` is a wildcard.
        case equal = "="
        /// `Field != value`: also true when the field is missing.
        case notEqual = "!="
        /// `a == b` (as in `test()`).
        case doubleEqual = "=="
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        /// `Field like "text"`: contains.
        case like
        /// `Field in [a, b]` (the seed's form of `in()`).
        case `in`
        /// `Field =~ function(...)`: the function with `field=Field`.
        case matches = "=~"
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"

        /// True for the operators that compare two operands.
        public var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .doubleEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
            default: return false
            }
        }

        /// True for `+ - * / %`.
        public var isArithmetic: Bool {
            switch self {
            case .add, .subtract, .multiply, .divide, .modulo: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    /// Where the expression starts.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The text of a word or string, nil for other forms.
    public var text: String? {
        switch kind {
        case .word(let w): return w
        case .string(let s): return s
        default: return nil
        }
    }

    /// The called function, if this is a call.
    public var call: CQLFunctionCall? {
        if case .call(let c) = kind { return c }
        return nil
    }

    /// The expression written back as CQL.
    public var description: String {
        switch kind {
        case .word(let w): return w
        case .string(let s): return Self.quote(s)
        case .regex(let p, let flags): return "/" + p.replacingOccurrences(of: "/", with: "\\/") + "/" + flags
        case .parameter(let p): return "?" + p
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .call(let c): return c.description
        case .subQuery(let p): return "{ \(p) }"
        case .unary(.not, let x): return "not " + Self.operand(x, parentRank: 2, strict: false)
        case .unary(.negate, let x): return "-" + Self.operand(x, parentRank: 5, strict: false)
        case .binary(let op, let a, let b):
            let r = Self.rank(op)
            let associative = op == .and || op == .or
            return Self.operand(a, parentRank: r, strict: false) + " \(op.rawValue) "
                + Self.operand(b, parentRank: r, strict: !associative)
        }
    }

    /// Binding strength: `and` loosest, then `or`, comparisons, `+ -`, `* / %`.
    static func rank(_ op: BinaryOperator) -> Int {
        switch op {
        case .and: return 0
        case .or: return 1
        case .add, .subtract: return 3
        case .multiply, .divide, .modulo: return 4
        default: return 2
        }
    }

    /// `x` written as an operand of an operator of rank `parentRank`, in parentheses when needed.
    static func operand(_ x: CQLExpression, parentRank: Int, strict: Bool) -> String {
        guard case .binary(let op, _, _) = x.kind else { return x.description }
        let r = rank(op)
        return r < parentRank || (strict && r == parentRank) ? "(\(x))" : x.description
    }

    /// A CQL string literal for `s`; an escaped `\*` (or other kept escape) is written as is.
    static func quote(_ s: String) -> String {
        var out = "\""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            switch c {
            case "\"": out += "\\\""
            case "\\":
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                out += next == nil || next == "\\" || next == "\"" ? "\\\\" : "\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
