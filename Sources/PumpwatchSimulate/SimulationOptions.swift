import PumpwatchCore

/// What `simulate` writes and where.
public struct SimulationOptions: Sendable {
    /// The folder the files go into; it is created when missing and must be empty.
    public var outputDirectory: String
    /// The seed: the same seed, scale and start give byte-identical files.
    public var seed: UInt64
    /// Multiplies the benign volume and the campaigns' volume (1 gives a few MB).
    public var scale: Double
    /// The start of the simulated week, epoch milliseconds; the attacks fall on its last day.
    public var startMillis: Int64
    /// How many days the simulation covers (the benign baseline runs through all of them).
    public var days: Int
    public var cloudTrailFormat: CloudTrailOutputFormat

    /// 2026-11-16T00:00:00Z: a fixed default so that the data is reproducible.
    public static let defaultStartMillis: Int64 = Timestamp.parse("2026-11-16T00:00:00Z")!

    public init(
        outputDirectory: String, seed: UInt64 = 1, scale: Double = 1, startMillis: Int64 = SimulationOptions.defaultStartMillis,
        days: Int = 7, cloudTrailFormat: CloudTrailOutputFormat = .jsonGzip
    ) {
        self.outputDirectory = outputDirectory
        self.seed = seed
        self.scale = scale
        self.startMillis = startMillis
        self.days = days
        self.cloudTrailFormat = cloudTrailFormat
    }

    /// Rejects values the simulation cannot honour.
    public func validate() throws(SimulationError) {
        guard scale.isFinite, scale > 0, scale <= 100_000 else {
            throw .invalidOption("--scale must be a number above 0 (and at most 100000), not \(scale)")
        }
        guard days >= 2, days <= 366 else {
            throw .invalidOption("the simulation must cover 2 to 366 days, not \(days)")
        }
        guard !outputDirectory.isEmpty else { throw .invalidOption("--out must name a folder") }
    }
}
