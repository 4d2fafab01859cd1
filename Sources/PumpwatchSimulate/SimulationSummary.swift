/// What a simulation wrote.
public struct SimulationSummary: Sendable {
    public var scenario: String
    public var outputDirectory: String
    public var seed: UInt64
    public var scale: Double
    /// The simulated window, epoch milliseconds: `[windowStart, windowEnd)`.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// The start of the last day, on which the attacks fall.
    public var attackDayStart: Int64
    /// The files, sorted by path.
    public var files: [WrittenFile]

    public var totalRecords: Int { files.reduce(0) { $0 + $1.records } }
    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }
}
