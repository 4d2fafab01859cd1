import PumpwatchCore
import PumpwatchDetect

/// Built-in rules for the SQL form tests: the pack's own, or one tuned with other parameters.
enum BuiltinRuleFixtures {
    static func packRule(_ id: String) throws -> Rule {
        guard let rule = try RulePack.builtIn().rule(id: id) else { throw FixtureError(id: id) }
        return rule
    }

    /// A rule of `detector` with only `parameters` set, as a user's rule file would write it.
    static func tuned(_ detector: String, _ parameters: [String: JSONValue], severity: Severity = .medium) -> Rule {
        Rule(id: "tuned-\(detector)", title: "Tuned \(detector)", severity: severity, language: .builtin,
             detector: detector, parameters: RuleParameters(parameters))
    }

    struct FixtureError: Error {
        var id: String
    }
}
