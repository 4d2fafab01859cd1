import PumpwatchCore

/// A rule file, rule parameter or config file that is invalid: where, which key, and why.
public typealias RuleError = ConfigError
