import PumpwatchCQL
import PumpwatchCore

/// Names the constructs in a CQL rule's query that pumpwatch accepts but LogScale would reject,
/// at their line and column in the rule file.
public enum RuleLinter {
    /// The warnings for `rule`; none for rules that are not CQL. Throws when the query does not parse.
    public static func lint(_ rule: Rule) throws(RuleError) -> [RuleLintWarning] {
        guard rule.language == .cql, let query = rule.query else { return [] }
        let findings: [CQLLintFinding]
        do {
            findings = try CQLFrontEnd.lint(query)
        } catch {
            throw RuleLoader.queryError(error, rule: rule, language: .cql)
        }
        let origin = rule.queryOrigin ?? SourceLocation(line: 1, column: 1, offset: 0)
        return findings.map { f in
            RuleLintWarning(
                ruleID: rule.id, file: rule.file, line: origin.line + f.location.line - 1, column: origin.column + f.location.column - 1,
                construct: f.construct.rawValue, reason: f.message, replacement: f.replacement)
        }
    }
}
