import PumpwatchCore

/// The properties every error of a YAML loader (guard policy, hunt config, rule file) must have.
public enum ConfigErrorCheck {
    /// Traps unless `error` names the file it was given, a line of the text when it names one,
    /// a key or a line at least, and a reason.
    public static func requireLocated(_ error: ConfigError, file: String, bounds: TextBounds, text: String) {
        let shown = "\(error) in \(PropertyCheck.excerpt(text))"
        PropertyCheck.require(error.file == file, "an error about file \(error.file ?? "nil"), not \(file): \(shown)")
        PropertyCheck.require(!error.reason.isEmpty, "an error without a reason: \(shown)")
        PropertyCheck.require(error.line != nil || !error.key.isEmpty, "an error with neither a key nor a line: \(shown)")
        if let line = error.line, let problem = bounds.problem(withLine: line) {
            PropertyCheck.fail("an error outside the text: \(problem); \(shown)")
        }
        _ = error.description
    }
}
