/// The `ingest:` section: how the ingest routes authenticate their senders.
public struct IngestConfiguration: Sendable {
    public init() {}

    /// Reads the section at `node`; errors name the key path and the reason.
    static func read(_ node: ConfigNode, file: String?) throws(ConfigurationError) -> IngestConfiguration {
        let c = IngestConfiguration()
        _ = try node.mapping(allowed: [])
        return c
    }
}
