import PumpwatchCore

/// A server configuration that is invalid: the file, the key path, the line and the reason.
public typealias ConfigurationError = ConfigError
