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
/// ```
public struct DetectionConfiguration: Sendable {
    public var enabled = true
    public var ruleDirectories: [String] = []
    public var tuning: String?
    public var suppress: String?
    public var lateness: Int64 = 300_000
    public var evaluateInterval: Double = 1
    public var dedupWindow: Int64 = 86_400_000
    public var replay: Int64 = 7 * 86_400_000

    public init() {}

    /// Reads the section at `node`; relative paths are resolved with `resolve`.
    static func read(_ node: ConfigNode, resolve: (String) -> String) throws(ConfigurationError) -> DetectionConfiguration {
        var c = DetectionConfiguration()
        let keys = ["enabled", "rules", "tuning", "suppress", "lateness", "evaluate_interval", "dedup_window", "replay"]
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
            default: break
            }
        }
        return c
    }
}
