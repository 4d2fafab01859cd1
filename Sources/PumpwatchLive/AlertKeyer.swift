import PumpwatchCore
import PumpwatchDetect

/// Gives each finding the key its alert is stored under: the rule, the entities and a window.
///
/// The same activity is reported again at every evaluation while it goes on, with growing counts:
/// it keeps its key (and so updates one alert) as long as it starts within `dedupWindow` of the
/// last time the alert's activity was seen. Activity by the same entities after a longer quiet
/// spell opens a new window, and so a new alert.
///
/// Keys look like `rule-id|name=value|name=value|w=<window start, epoch ms>`.
public struct AlertKeyer: Sendable {
    /// How long a quiet spell may last before the same rule and entities make a new alert, ms.
    public let dedupWindow: Int64
    private var windows: [String: (start: Int64, lastSeen: Int64)] = [:]

    public init(dedupWindow: Int64 = 86_400_000) {
        self.dedupWindow = max(0, dedupWindow)
    }

    /// The rule and entities of a finding, in their order: what identifies the activity.
    public static func entityKey(_ finding: Finding) -> String {
        var parts = [finding.ruleID]
        for (name, value) in finding.entities {
            parts.append(name + "=" + (value.stringValue ?? ""))
        }
        return parts.joined(separator: "|")
    }

    /// Learns the window of an alert stored earlier (after a restart) from its key.
    public mutating func remember(key: String, lastSeen: Int64?) {
        guard let bar = key.range(of: "|w=", options: .backwards), let start = Int64(key[bar.upperBound...]) else { return }
        let entity = String(key[..<bar.lowerBound])
        let seen = max(lastSeen ?? start, windows[entity]?.lastSeen ?? .min)
        if let known = windows[entity], known.start > start { return }
        windows[entity] = (start, seen)
    }

    /// The keys of one evaluation's findings, in order. Two findings of one evaluation never share
    /// a key: the second of a pair with the same entities gets a window of its own.
    public mutating func keys(for findings: [Finding]) -> [String] {
        var used = Set<String>()
        return findings.map { finding in
            let entity = AlertKeyer.entityKey(finding)
            let first = finding.firstSeen ?? finding.lastSeen ?? 0
            let last = finding.lastSeen ?? first
            var start: Int64
            if let known = windows[entity], first <= known.lastSeen + dedupWindow, last >= known.start {
                start = known.start
            } else {
                start = first
            }
            var key = "\(entity)|w=\(start)"
            if used.contains(key) {
                start = first
                key = "\(entity)|w=\(start)"
                while used.contains(key) {
                    start += 1
                    key = "\(entity)|w=\(start)"
                }
            }
            used.insert(key)
            let lastSeen = max(last, windows[entity].map { $0.start == start ? $0.lastSeen : .min } ?? .min)
            if windows[entity].map({ start >= $0.start }) ?? true { windows[entity] = (start, lastSeen) }
            return key
        }
    }
}
