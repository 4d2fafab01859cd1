import PumpwatchStore

/// Which alerts the console lists: the active ones (open and acknowledged, the default), one
/// state, or all.
enum ConsoleFilter: String, CaseIterable, Sendable {
    case active
    case open
    case acknowledged
    case resolved
    case all

    /// The filter named by a `?state=` value; the default for a missing or unknown one.
    init(query value: String?) {
        self = value.flatMap { ConsoleFilter(rawValue: $0.lowercased()) } ?? .active
    }

    /// The states listed, in the order they are fetched.
    var states: [AlertState?] {
        switch self {
        case .active: [.open, .acknowledged]
        case .open: [.open]
        case .acknowledged: [.acknowledged]
        case .resolved: [.resolved]
        case .all: [nil]
        }
    }

    /// The link text.
    var label: String {
        switch self {
        case .active: "Active"
        case .open: "Open"
        case .acknowledged: "Acknowledged"
        case .resolved: "Resolved"
        case .all: "All"
        }
    }

    /// The page's address with this filter.
    var path: String { self == .active ? "/" : "/?state=\(rawValue)" }
}
