/// Where an alert stands in triage: new, seen by someone, or dealt with.
public enum AlertState: String, Sendable, Codable, CaseIterable {
    case open
    case acknowledged
    case resolved
}
