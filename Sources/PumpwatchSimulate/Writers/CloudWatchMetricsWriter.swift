import PumpwatchCore

/// Sums the account's SNS SMS activity per hour and writes it as an `aws cloudwatch get-metric-data`
/// result: `cloudwatch/sns-metrics.json` with `SMSMonthToDateSpentUSD` (Maximum; it restarts at
/// zero on the first of each month), `NumberOfMessagesSentToPhoneNumbers` and
/// `NumberOfNotificationsFailedToPhoneNumbers` (Sum), hourly, newest first.
final class CloudWatchMetricsWriter {
    static let relativePath = "cloudwatch/sns-metrics.json"

    private struct Hour {
        var spend = 0.0
        var sent = 0
        var failed = 0
    }

    private let catalog: FileCatalog
    private let windowStart: Int64
    private let windowEnd: Int64
    private var hours: [Int64: Hour] = [:]
    /// Month-to-date spend already accrued when the window opens (from before the simulated week).
    var openingMonthToDateUSD = 0.0

    init(catalog: FileCatalog, windowStart: Int64, windowEnd: Int64) {
        self.catalog = catalog
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }

    func append(_ charge: SNSCharge) {
        guard charge.millis >= windowStart, charge.millis < windowEnd else { return }
        let h = charge.millis / CivilTime.millisPerHour
        var bucket = hours[h] ?? Hour()
        bucket.spend += charge.priceUSD
        if charge.failed { bucket.failed += 1 } else { bucket.sent += 1 }
        hours[h] = bucket
    }

    func finish() throws(SimulationError) {
        guard !hours.isEmpty || openingMonthToDateUSD > 0 else { return }
        let first = windowStart / CivilTime.millisPerHour
        let last = (windowEnd - 1) / CivilTime.millisPerHour
        var spendPoints: [(Int64, Double)] = []
        var sentPoints: [(Int64, Double)] = []
        var failedPoints: [(Int64, Double)] = []
        var monthToDate = openingMonthToDateUSD
        var month = CivilTime(millis: first * CivilTime.millisPerHour).month
        for h in first...last {
            let millis = h * CivilTime.millisPerHour
            let m = CivilTime(millis: millis).month
            if m != month {
                month = m
                monthToDate = 0
            }
            let bucket = hours[h] ?? Hour()
            monthToDate += bucket.spend
            spendPoints.append((millis, (monthToDate * 10_000).rounded() / 10_000))
            if bucket.sent > 0 { sentPoints.append((millis, Double(bucket.sent))) }
            if bucket.failed > 0 { failedPoints.append((millis, Double(bucket.failed))) }
        }
        func result(_ id: String, _ label: String, _ points: [(Int64, Double)]) -> JSONValue {
            let newestFirst = points.reversed()
            return .object([
                ("Id", .string(id)),
                ("Label", .string(label)),
                ("Timestamps", .array(newestFirst.map { .string(CivilTime(millis: $0.0).isoWithOffset) })),
                ("Values", .array(newestFirst.map { .double($0.1) })),
                ("StatusCode", .string("Complete")),
            ])
        }
        let doc = JSONValue.object([
            ("MetricDataResults", .array([
                result("spend", "SMSMonthToDateSpentUSD", spendPoints),
                result("sent", "NumberOfMessagesSentToPhoneNumbers", sentPoints),
                result("failed", "NumberOfNotificationsFailedToPhoneNumbers", failedPoints),
            ])),
            ("Messages", .array([])),
        ])
        let path = catalog.absolute(CloudWatchMetricsWriter.relativePath)
        try FileSystem.makeDirectories(FileSystem.parent(of: path))
        let out = try BufferedFileWriter(path: path)
        out.write(JSONWriter.serialize(doc))
        out.write("\n")
        try out.close()
        catalog.record(CloudWatchMetricsWriter.relativePath, format: .cloudwatchMetrics, records: spendPoints.count + sentPoints.count + failedPoints.count)
    }
}
