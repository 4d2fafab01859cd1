import PumpwatchDetect

/// The `detection:` section: the rules `serve` runs continuously on ingested events.
///
/// ```yaml
/// detection:
///   rules: [./rules]            # folders of your own rules, added to the built-in pack
///   tuning: pumpwatch.yml       # thresholds, enabled rules, suppression (as for hunt --config)
///   suppress: suppress.txt      # as for hunt --suppress
///   lateness: 5m                # how late an event may arrive and still count in its window
///   evaluate_interval: 1s       # how often the rules are evaluated while events arrive
///   dedup_window: 24h           # a quiet spell longer than this makes a new alert
///   replay: 7d                  # at start, journal entries this recent rebuild the rules' windows
///   priority: background        # background: ingest first, for at most max_delay; normal: share the cores
///   max_delay: 30s              # with background: how far behind the rules may fall before they take the cores
/// ```
///
/// With `priority: background` (the default), the rules run on a thread that only gets the cores
/// requests leave idle (`SCHED_IDLE` on Linux): a burst is ingested at full speed and the rules
/// catch up from the journal (`pumpwatch_detection_lag_entries` shows how far behind they are).
/// Once the oldest entry waiting for them was received more than `max_delay` ago, they run at
/// normal priority until they are back within it, so a long overload, or other work on the
/// machine, delays alerts by about `max_delay` more at most, never indefinitely. With `normal`,
/// ingest and detection always share the cores: under a burst ingest slows down.
public struct DetectionConfiguration: Sendable {
    public var enabled = true
    public var ruleDirectories: [String] = []
    public var tuning: String?
    public var suppress: String?
    public var lateness: Int64 = 300_000
    public var evaluateInterval: Double = 1
    public var dedupWindow: Int64 = 86_400_000
    public var replay: Int64 = 7 * 86_400_000
    public var priority: Priority = .background
    /// With `.background`, ms: the age of the oldest waiting entry beyond which the rules run at normal priority.
    public var maxDelay: Int64 = 30_000

    /// How detection shares the cores with ingest.
    public enum Priority: String, Sendable, CaseIterable {
        /// Ingest first: detection takes the cores requests leave idle, until it is `maxDelay` behind.
        case background
        /// Detection and requests share the cores equally.
        case normal
    }

    public init() {}

    /// Reads the section at `node`; relative paths are resolved with `resolve`.
    static func read(_ node: ConfigNode, resolve: (String) -> String) throws(ConfigurationError) -> DetectionConfiguration {
        var c = DetectionConfiguration()
        let keys = ["enabled", "rules", "tuning", "suppress", "lateness", "evaluate_interval", "dedup_window", "replay", "priority", "max_delay"]
        for (key, v) in try node.mapping(allowed: keys) where !v.isNull {
            switch key {
            case "enabled": c.enabled = try v.bool()
            case "rules":
                if case .scalar = v.node {
                    c.ruleDirectories = [resolve(try v.string())]
                } else {
                    var dirs: [String] = []
                    for item in try v.list() { dirs.append(resolve(try item.string())) }
                    c.ruleDirectories = dirs
                }
            case "tuning": c.tuning = resolve(try v.string())
            case "suppress": c.suppress = resolve(try v.string())
            case "lateness": c.lateness = Int64(try v.seconds(in: 0...(7 * 86_400)) * 1000)
            case "evaluate_interval": c.evaluateInterval = try v.seconds(in: 0.05...3600)
            case "dedup_window": c.dedupWindow = Int64(try v.seconds(in: 60...(365 * 86_400)) * 1000)
            case "replay": c.replay = Int64(try v.seconds(in: 0...(365 * 86_400)) * 1000)
            case "priority":
                let text = try v.string()
                guard let p = Priority(rawValue: text) else {
                    throw v.error("must be one of \(Priority.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                }
                c.priority = p
            case "max_delay": c.maxDelay = Int64(try v.seconds(in: 1...86_400) * 1000)
            default: break
            }
        }
        return c
    }
}
