/// The order of alert severities, for filtering by a minimum: `info` < `low` < `medium` < `high` < `critical`.
public enum AlertSeverity {
    /// The severities, least severe first.
    public static let ordered = ["info", "low", "medium", "high", "critical"]

    /// The rank of `severity` (0 for `info` to 4 for `critical`), case-insensitive; `nil` for an unknown name.
    public static func rank(of severity: String) -> Int? {
        ordered.firstIndex(of: severity.lowercased())
    }

    /// The rank stored with an alert: unknown severities rank as `info`.
    static func storedRank(of severity: String) -> Int { rank(of: severity) ?? 0 }
}
