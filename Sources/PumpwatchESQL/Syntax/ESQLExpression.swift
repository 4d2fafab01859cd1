import PumpwatchCore
import PumpwatchQuery

/// An ES|QL expression as written: its structure, where it starts and its source text.
///
/// The text matters: an unnamed `EVAL` or `STATS` expression names its column by it
/// (`STATS COUNT(*)` gives a column called `COUNT(*)`).
public struct ESQLExpression: Sendable, Hashable {
    /// The operators between two operands.
    public enum BinaryOperator: String, Sendable, Hashable {
        case and = "AND", or = "OR"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        /// `=~`: equality ignoring case.
        case caseInsensitiveEqual = "=~"
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    }

    /// The operators before one operand.
    public enum UnaryOperator: String, Sendable, Hashable {
        case not = "NOT"
        case negate = "-"
    }

    /// The shape of the expression.
    public indirect enum Kind: Sendable, Hashable {
        /// A column: dotted names and backticked parts joined (`aws.cloudtrail.user_identity.arn`).
        case field(String)
        case null
        case boolean(Bool)
        case integer(Int64)
        case decimal(Double)
        case string(String)
        case timeSpan(TimeSpan)
        /// `[1, 2, 3]`: a multi-value literal.
        case array([ESQLExpression])
        /// The `*` of `COUNT(*)`.
        case star
        case unary(UnaryOperator, ESQLExpression)
        case binary(BinaryOperator, ESQLExpression, ESQLExpression)
        /// `NAME(arguments)`, with the name as written.
        case call(name: String, arguments: [ESQLExpression])
        /// `x [NOT] IN (a, b)`.
        case inList(ESQLExpression, [ESQLExpression], negated: Bool)
        /// `x IS [NOT] NULL`.
        case isNull(ESQLExpression, negated: Bool)
        /// `x [NOT] LIKE "glob"`, `x [NOT] RLIKE "regex"`, or a list of patterns in parentheses.
        case like(ESQLExpression, patterns: [String], regex: Bool, negated: Bool)
        /// `x::type`; `::string` and `::text` are `keyword`.
        case cast(ESQLExpression, ValueType)
    }

    public var kind: Kind
    /// Where the expression starts (for a call, where its name starts).
    public var location: SourceLocation
    /// The expression's text exactly as written in the query.
    public var text: String

    public init(_ kind: Kind, at location: SourceLocation, text: String) {
        self.kind = kind
        self.location = location
        self.text = text
    }
}
