import PumpwatchDetect

/// The rules, tuning and suppression a hunt or a continuous detection runs with: the built-in
/// pack plus rule folders, a `pumpwatch.yml` and a suppression list.
///
/// `hunt`, `watch` and `serve` all prepare their rules here, so a rule means the same in each.
public struct DetectionSetup {
    public let rules: [Rule]
    public let context: DetectionContext
    public let suppression: Suppression

    /// Loads the pack and `ruleDirectories`, then applies `config` (a `pumpwatch.yml`), the
    /// `suppress` file and the period overrides (`baseline`, `detectionWindow` as `7d`, `1d`).
    public init(
        ruleDirectories: [String] = [], config: String? = nil, suppress: String? = nil,
        baseline: String? = nil, detectionWindow: String? = nil, nowMillis: Int64, nowIsExplicit: Bool
    ) throws(RuleError) {
        let pack = try RulePack.load(directories: ruleDirectories)
        var configuration = PumpwatchConfig()
        if let config { configuration = try ConfigLoader.load(path: config, rules: pack.rules) }
        if let baseline {
            guard let ms = RuleParameters.parseDuration(baseline) else { throw RuleError(key: "--baseline", reason: "expected a duration such as 7d") }
            configuration.baselineMillis = ms
        }
        if let detectionWindow {
            guard let ms = RuleParameters.parseDuration(detectionWindow) else { throw RuleError(key: "--detection-window", reason: "expected a duration such as 1d") }
            configuration.detectionWindowMillis = ms
        }
        var suppression = configuration.suppression
        if let suppress { suppression = suppression.merging(try Suppression.load(path: suppress)) }
        context = configuration.context(nowMillis: nowMillis, nowIsExplicit: nowIsExplicit)
        rules = configuration.apply(to: pack.rules)
        self.suppression = suppression
    }

    /// A fresh engine over these rules.
    public func engine() throws(RuleError) -> HuntEngine {
        try HuntEngine(rules: rules, context: context)
    }
}
