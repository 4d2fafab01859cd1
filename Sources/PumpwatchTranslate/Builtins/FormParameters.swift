import PumpwatchDetect

/// A rule's parameters read as its detector reads them, with the detector's defaults; a bad
/// value is a `TranslationError` naming the parameter.
struct FormParameters {
    let rule: Rule
    let target: TranslationTarget

    func int(_ key: String, default d: Int) throws(TranslationError) -> Int {
        do { return try rule.parameters.int(key, default: d) } catch { throw bad(key, error) }
    }

    func double(_ key: String, default d: Double) throws(TranslationError) -> Double {
        do { return try rule.parameters.double(key, default: d) } catch { throw bad(key, error) }
    }

    func duration(_ key: String, default d: Int64) throws(TranslationError) -> Int64 {
        do { return try rule.parameters.duration(key, default: d) } catch { throw bad(key, error) }
    }

    /// Throws unless `condition` holds, with the detector's reason.
    func require(_ condition: Bool, _ key: String, _ reason: String) throws(TranslationError) {
        guard condition else { throw TranslationError("parameter \(key) of rule \(rule.id)", to: target, reason) }
    }

    private func bad(_ key: String, _ error: RuleError) -> TranslationError {
        TranslationError("parameter \(key) of rule \(rule.id)", to: target, error.reason)
    }
}

extension FormParameters {
    func strings(_ key: String, default d: [String]) throws(TranslationError) -> [String] {
        do { return try rule.parameters.strings(key, default: d) } catch {
            throw TranslationError("parameter \(key) of rule \(rule.id)", to: target, error.reason)
        }
    }
}
