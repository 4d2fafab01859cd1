/// A parsed CQL query: its top-level pipeline and the text it was parsed from.
public struct CQLQuery: Sendable, Hashable, CustomStringConvertible {
    /// The stages of the query, in order.
    public var pipeline: CQLPipeline
    /// The query text as given.
    public var text: String

    public init(pipeline: CQLPipeline, text: String) {
        self.pipeline = pipeline
        self.text = text
    }

    /// The query written back as CQL, one stage per line.
    public var description: String {
        pipeline.stages.map(\.description).joined(separator: "\n| ")
    }
}
