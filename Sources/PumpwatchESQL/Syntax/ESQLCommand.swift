import PumpwatchCore
import PumpwatchQuery

/// One processing command of an ES|QL query (`FROM`, `WHERE`, `STATS`, ...).
public struct ESQLCommand: Sendable, Hashable {
    /// The command and its arguments.
    public enum Kind: Sendable, Hashable {
        /// `FROM pattern, ... [METADATA field, ...]`.
        case from(sources: [String], metadata: [String])
        /// `WHERE condition`.
        case `where`(ESQLExpression)
        /// `EVAL name = expression, expression, ...`.
        case eval([Field])
        /// `STATS aggregate [WHERE condition], ... [BY grouping, ...]`.
        case stats(aggregates: [Field], groupings: [Field])
        /// `KEEP pattern, ...`; patterns may hold `*`.
        case keep([Name])
        /// `DROP pattern, ...`.
        case drop([Name])
        /// `RENAME old AS new, ...` (or `new = old`).
        case rename([Rename])
        /// `SORT key [ASC|DESC] [NULLS FIRST|LAST], ...`.
        case sort([SortItem])
        /// `LIMIT count`.
        case limit(Int)
        /// `DISSECT input "pattern" [APPEND_SEPARATOR = "sep"]`, with the pattern parsed.
        case dissect(input: ESQLExpression, pattern: DissectPattern)
        /// `GROK input "pattern"`, with the pattern expanded.
        case grok(input: ESQLExpression, pattern: GrokPatterns.Expansion)
        /// `MV_EXPAND field`.
        case mvExpand(Name)
    }

    /// `name = expression`, or an expression whose column is named by its text.
    public struct Field: Sendable, Hashable {
        /// The name before `=`, if one was written.
        public var name: Name?
        public var expression: ESQLExpression
        /// `STATS ... WHERE condition`: the rows this aggregate sees.
        public var filter: ESQLExpression?

        public init(name: Name?, expression: ESQLExpression, filter: ESQLExpression? = nil) {
            self.name = name
            self.expression = expression
            self.filter = filter
        }

        /// The output column: the written name, the field read, or the expression text.
        public var columnName: String {
            if let name { return name.text }
            if case .field(let field) = expression.kind { return field }
            return expression.text
        }
    }

    /// A column name or pattern as written, decoded (backticks removed, parts joined by `.`).
    public struct Name: Sendable, Hashable {
        public var text: String
        public var location: SourceLocation

        public init(_ text: String, at location: SourceLocation) {
            self.text = text
            self.location = location
        }
    }

    /// `old AS new`.
    public struct Rename: Sendable, Hashable {
        public var old: Name
        public var new: Name

        public init(old: Name, new: Name) {
            self.old = old
            self.new = new
        }
    }

    /// One `SORT` key.
    public struct SortItem: Sendable, Hashable {
        public var expression: ESQLExpression
        public var descending: Bool
        /// `NULLS FIRST` (true), `NULLS LAST` (false), or the default (nil).
        public var nullsFirst: Bool?

        public init(expression: ESQLExpression, descending: Bool, nullsFirst: Bool?) {
            self.expression = expression
            self.descending = descending
            self.nullsFirst = nullsFirst
        }
    }

    public var kind: Kind
    /// Where the command name stands.
    public var location: SourceLocation
    /// The command name as the documentation spells it (`STATS`, `MV_EXPAND`).
    public var name: String

    public init(_ kind: Kind, name: String, at location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.location = location
    }
}
