/// What to do with a send, ordered by severity.
///
/// Let it go, let it go and record it, ask for a CAPTCHA or another factor first, or refuse it.
public enum Verdict: String, Sendable, Codable, Equatable, Comparable, CaseIterable {
    case allow, monitor, challenge, block

    var rank: Int {
        switch self {
        case .allow: return 0
        case .monitor: return 1
        case .challenge: return 2
        case .block: return 3
        }
    }

    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

    /// True when the code is not sent without a further step (`challenge`, `block`).
    public var stopsSend: Bool { self >= .challenge }
}
