/// Why `hunt --engine spark` or `--emit-job` could not finish.
enum SparkHuntError: Error, CustomStringConvertible {
    /// No spark-submit at the given path, on PATH or in the pyspark package.
    case sparkSubmitNotFound(searched: [String])
    /// The job file could not be written.
    case cannotWrite(path: String, reason: String)
    /// spark-submit could not be started.
    case cannotStart(path: String, reason: String)
    /// spark-submit exited with a failure; the tail of its standard error.
    case jobFailed(status: Int32, stderrTail: String)
    /// `--strict`: the job found malformed records.
    case malformedRecords(count: Int)
    /// The job's findings file is missing or holds something that is not a finding.
    case unreadableFindings(path: String, reason: String)

    var description: String {
        switch self {
        case .sparkSubmitNotFound(let searched):
            return "spark-submit not found (looked at: \(searched.joined(separator: ", "))); install Spark or pyspark, or give --spark-submit PATH"
        case .cannotWrite(let path, let reason):
            return "cannot write the Spark job to \(path): \(reason)"
        case .cannotStart(let path, let reason):
            return "cannot start \(path): \(reason)"
        case .jobFailed(let status, let tail):
            return "the Spark job failed (spark-submit exit code \(status)); the end of its output:\n\(tail)"
        case .malformedRecords(let count):
            return "\(count) malformed record\(count == 1 ? "" : "s") in the input (--strict)"
        case .unreadableFindings(let path, let reason):
            return "cannot read the Spark job's findings at \(path): \(reason)"
        }
    }
}
