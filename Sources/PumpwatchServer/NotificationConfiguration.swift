/// The `notifications:` section: where alerts are sent.
public struct NotificationConfiguration: Sendable {
    public init() {}

    /// Reads the section at `node`; errors name the key path and the reason.
    static func read(_ node: ConfigNode, file: String?) throws(ConfigurationError) -> NotificationConfiguration {
        let c = NotificationConfiguration()
        _ = try node.mapping(allowed: [])
        return c
    }
}
