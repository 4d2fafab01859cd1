/// The outcome of one inline rule test: what the rule reported and, when it failed, why.
public struct RuleTestResult: Sendable {
    public var ruleID: String
    public var name: String
    /// The rule file and the line the test starts on, when known.
    public var file: String?
    public var line: Int?
    /// Why the test failed, one sentence each; empty when it passed.
    public var failures: [String]
    /// The findings the rule reported for the test's records.
    public var findings: [Finding]

    public init(ruleID: String, name: String, file: String? = nil, line: Int? = nil, failures: [String], findings: [Finding]) {
        self.ruleID = ruleID
        self.name = name
        self.file = file
        self.line = line
        self.failures = failures
        self.findings = findings
    }

    public var passed: Bool { failures.isEmpty }
}
