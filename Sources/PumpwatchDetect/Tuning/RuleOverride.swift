import PumpwatchCore

/// What `pumpwatch.yml` changes about one rule: on or off, its severity, its parameters.
public struct RuleOverride: Sendable {
    public var enabled: Bool?
    public var severity: Severity?
    public var riskScore: Int?
    /// Parameters that replace the rule's own, by name.
    public var parameters: RuleParameters
    /// Where the override and each parameter are written in the config file, for errors.
    public var line: Int?
    public var parameterLines: [String: Int]

    public init(enabled: Bool? = nil, severity: Severity? = nil, riskScore: Int? = nil, parameters: RuleParameters = RuleParameters(), line: Int? = nil, parameterLines: [String: Int] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.riskScore = riskScore
        self.parameters = parameters
        self.line = line
        self.parameterLines = parameterLines
    }

    /// `rule` with this override applied: parameters merged over the rule's, then enabled, severity and risk score.
    public func applied(to rule: Rule) -> Rule {
        var r = rule
        r.parameters = rule.parameters.merging(parameters)
        if let enabled { r.enabled = enabled }
        if let severity, severity != rule.severity {
            r.severity = severity
            r.riskScore = nil
        }
        if let riskScore { r.riskScore = riskScore }
        return r
    }
}
