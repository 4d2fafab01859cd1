import PumpwatchCore

/// A sequence of stages joined by `|` (or by line breaks): the top-level query, a parenthesised
/// sub-pipeline, a `union [...]` sub-query, or one branch of `case { ... }`.
public struct CQLPipeline: Sendable, Hashable, CustomStringConvertible {
    public var stages: [CQLStage]
    /// Where the pipeline starts.
    public var location: SourceLocation

    public init(stages: [CQLStage], location: SourceLocation) {
        self.stages = stages
        self.location = location
    }

    /// The pipeline written back as CQL on one line.
    public var description: String {
        stages.map(\.description).joined(separator: " | ")
    }
}
