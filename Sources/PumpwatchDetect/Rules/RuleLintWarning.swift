/// A construct in a rule's query that pumpwatch runs but the real SIEM would reject, placed in the rule file.
public struct RuleLintWarning: Sendable, Hashable, CustomStringConvertible {
    public var ruleID: String
    public var file: String?
    /// The 1-based line and column in the rule file (or in the query when the file position is unknown).
    public var line: Int
    public var column: Int
    /// The construct, as the linter names it (`union [...]`, `where`).
    public var construct: String
    /// Why the SIEM would reject it.
    public var reason: String
    /// The form to write instead.
    public var replacement: String

    public init(ruleID: String, file: String?, line: Int, column: Int, construct: String, reason: String, replacement: String) {
        self.ruleID = ruleID
        self.file = file
        self.line = line
        self.column = column
        self.construct = construct
        self.reason = reason
        self.replacement = replacement
    }

    /// `file:line:col: union [...] would not run on LogScale (reason); use ...`.
    public var description: String {
        "\(file ?? ruleID):\(line):\(column): \(construct) would not run on LogScale (\(reason)); use \(replacement)"
    }
}
