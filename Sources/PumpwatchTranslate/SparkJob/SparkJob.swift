/// A generated PySpark job: its Python text, the rules it runs and the rules it leaves out.
public struct SparkJob: Sendable {
    /// The whole Python file, ready for `spark-submit`.
    public var text: String
    /// The ids of the rules the job runs, in order.
    public var ruleIDs: [String]
    /// The enabled rules with no Spark SQL form, with the reason.
    public var refusals: [SparkJobRefusal]

    public init(text: String, ruleIDs: [String], refusals: [SparkJobRefusal]) {
        self.text = text
        self.ruleIDs = ruleIDs
        self.refusals = refusals
    }
}
