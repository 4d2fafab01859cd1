/// How urgent a finding is, lowest first.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        case .critical: return 3
        }
    }

    /// The default 0–100 risk score of the severity (ECS/Elastic conventions: 21, 47, 73, 99).
    public var defaultRiskScore: Int {
        switch self {
        case .low: return 21
        case .medium: return 47
        case .high: return 73
        case .critical: return 99
        }
    }

    /// Reads a severity written by a person or a query (`Critical`, `HIGH`, `med`).
    public init?(loose text: String) {
        switch text.lowercased() {
        case "low", "info", "informational": self = .low
        case "medium", "med", "moderate": self = .medium
        case "high": self = .high
        case "critical", "crit": self = .critical
        default: return nil
        }
    }
}
