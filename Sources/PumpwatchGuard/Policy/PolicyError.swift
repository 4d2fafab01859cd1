import PumpwatchCore

/// A guard policy that is invalid: the file, the key path, the line and the reason.
public typealias PolicyError = ConfigError
