/// A rule the Spark job leaves out, and why: it has no Spark SQL form.
public struct SparkJobRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var ruleID: String
    public var reason: String

    public init(ruleID: String, reason: String) {
        self.ruleID = ruleID
        self.reason = reason
    }

    public var description: String { "\(ruleID): \(reason)" }
}
