import PumpwatchCore

/// One stage of a CQL pipeline.
public struct CQLStage: Sendable, Hashable, CustomStringConvertible {
    /// The forms a stage takes.
    public indirect enum Kind: Sendable, Hashable {
        /// A filter expression: field filters, free text, comparisons, `and`/`or`/`not`, and
        /// filter functions such as `in()` combined with them.
        case filter(CQLExpression)
        /// A function call on its own: `groupBy(...)`, `sort(...)`, `in(...)`.
        case call(CQLFunctionCall)
        /// `name := expression`, or the seed's `eval name = expression`.
        case assignment(CQLAssignment)
        /// `where expression` (the seed's form of `test()`).
        case `where`(CQLExpression)
        /// `( stage | stage ... )`: a sub-pipeline applied in sequence.
        case subPipeline(CQLPipeline)
        /// `union [ stage | ... ]` (the seed's form): the sub-pipeline runs on the original input
        /// and its rows follow the rows of the pipeline so far.
        case union(CQLPipeline)
        /// `case { condition | stages ; ... ; * | stages }`.
        case caseBlock([CaseBranch])
        /// `field match { value => stages ; /regex/ => stages ; * => stages }`.
        case match(field: CQLExpression, branches: [MatchBranch])
        /// `[count(), max(x)]`: several aggregates over the same events (`stats()`).
        case aggregateList([CQLFunctionCall])
    }

    /// One branch of `case { ... }`: a pipeline whose leading filters are its condition.
    public struct CaseBranch: Sendable, Hashable {
        public var pipeline: CQLPipeline
        public var location: SourceLocation
        public init(pipeline: CQLPipeline, location: SourceLocation) {
            self.pipeline = pipeline
            self.location = location
        }
    }

    /// One arm of `field match { pattern => stages }`; the pattern `*` matches every event.
    public struct MatchBranch: Sendable, Hashable {
        public var pattern: CQLExpression
        public var pipeline: CQLPipeline
        public var location: SourceLocation
        public init(pattern: CQLExpression, pipeline: CQLPipeline, location: SourceLocation) {
            self.pattern = pattern
            self.pipeline = pipeline
            self.location = location
        }
    }

    public var kind: Kind
    /// Where the stage starts (its first token).
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The stage written back as CQL.
    public var description: String {
        switch kind {
        case .filter(let e): return e.description
        case .call(let c): return c.description
        case .assignment(let a): return a.description
        case .where(let e): return "where \(e)"
        case .subPipeline(let p): return "(\(p))"
        case .union(let p): return "union [\(p)]"
        case .caseBlock(let branches): return "case { " + branches.map(\.pipeline.description).joined(separator: "; ") + " }"
        case .match(let field, let branches):
            return "\(field) match { " + branches.map { "\($0.pattern) => \($0.pipeline)" }.joined(separator: "; ") + " }"
        case .aggregateList(let calls): return "[" + calls.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
