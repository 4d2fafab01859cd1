/// Where scenarios emit their records: it orders them in time and hands them to the format writers.
///
/// Scenarios draw randomness from `random(for:)`, size their volume with `scaled(_:)` and place
/// their attacks relative to `attackDayStart`. They may emit records slightly out of order (a
/// verification a minute after the code was sent); the context sorts what it holds and writes
/// everything before the time given to `advance(to:)`, so memory stays bounded by the span of
/// time a scenario keeps open.
public final class SimulationContext {
    public let options: SimulationOptions
    /// The simulated window: `[windowStart, windowEnd)`, epoch milliseconds.
    public let windowStart: Int64
    public let windowEnd: Int64

    let catalog: FileCatalog
    let store: TimeOrderedLineStore
    let cloudTrail: CloudTrailWriter
    let falcon: FalconWriter
    let twilio: TwilioWriter
    let snsDelivery: SNSDeliveryWriter
    let accessLog: AccessLogWriter
    let appRequests: AppRequestsWriter
    let metrics: CloudWatchMetricsWriter
    private var queue = EmissionQueue()

    init(options: SimulationOptions, temporaryDirectory: String) {
        self.options = options
        windowStart = options.startMillis
        windowEnd = options.startMillis + Int64(options.days) * CivilTime.millisPerDay
        catalog = FileCatalog(root: options.outputDirectory)
        store = TimeOrderedLineStore(directory: temporaryDirectory)
        cloudTrail = CloudTrailWriter(catalog: catalog, store: store, format: options.cloudTrailFormat, seed: options.seed)
        falcon = FalconWriter(catalog: catalog, store: store)
        twilio = TwilioWriter(catalog: catalog, store: store)
        snsDelivery = SNSDeliveryWriter(catalog: catalog, seed: options.seed)
        accessLog = AccessLogWriter(catalog: catalog, store: store)
        appRequests = AppRequestsWriter(catalog: catalog, store: store)
        metrics = CloudWatchMetricsWriter(catalog: catalog, windowStart: windowStart, windowEnd: windowEnd)
    }

    /// The start of the last simulated day, when the attacks happen.
    public var attackDayStart: Int64 { windowEnd - CivilTime.millisPerDay }

    /// A random generator for `label`, derived from the seed, independent of every other label.
    func random(for label: String) -> SplitMix64 {
        SplitMix64(seed: options.seed, label: label)
    }

    /// `count` multiplied by the scale, rounded, at least `minimum`.
    func scaled(_ count: Double, minimum: Int = 0) -> Int {
        max(minimum, Int((count * options.scale).rounded()))
    }

    /// How many times a fixed-size attack test is repeated at this scale (at least once).
    var repetitions: Int { max(1, Int(options.scale)) }

    /// Adds a record; it is written once `advance(to:)` passes its time, or on `flush()`.
    func emit(_ record: SimulatedRecord) {
        queue.push(record)
    }

    /// Writes every held record earlier than `millis`. The caller promises to emit nothing earlier afterwards.
    func advance(to millis: Int64) {
        while let t = queue.earliestMillis, t < millis, let record = queue.pop() {
            write(record)
        }
    }

    /// Writes every held record.
    func flush() {
        while let record = queue.pop() { write(record) }
    }

    /// Runs a scenario and writes everything it emitted.
    func run(_ scenario: any Scenario) {
        scenario.write(to: self)
        flush()
    }

    /// Sets the month-to-date SMS spend accrued before the window opens.
    func setOpeningMonthToDateSpend(_ usd: Double) {
        metrics.openingMonthToDateUSD = usd
    }

    private func write(_ record: SimulatedRecord) {
        switch record {
        case .cloudTrail(let e): cloudTrail.append(e)
        case .falcon(let e): falcon.append(e)
        case .twilioMessage(let m): twilio.append(m)
        case .twilioEvent(let e): twilio.append(e)
        case .snsDelivery(let d): snsDelivery.append(d)
        case .webRequest(let r):
            accessLog.append(r)
            if r.isAPIRequest { appRequests.append(r) }
        case .snsCharge(let c): metrics.append(c)
        }
    }

    /// Finishes every file and returns them sorted by path.
    func finish() throws(SimulationError) -> [WrittenFile] {
        flush()
        defer { store.removeAll() }
        try store.checkFailure()
        try cloudTrail.finish()
        try falcon.finish()
        try twilio.finish()
        try snsDelivery.finish()
        try accessLog.finish()
        try appRequests.finish()
        try metrics.finish()
        return catalog.files.sorted { $0.path < $1.path }
    }
}
