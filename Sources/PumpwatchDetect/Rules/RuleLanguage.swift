/// How a rule is written: a query in one of the SIEM languages, or a built-in detector.
public enum RuleLanguage: String, Sendable, Hashable, CaseIterable {
    case cql, esql, builtin
}
