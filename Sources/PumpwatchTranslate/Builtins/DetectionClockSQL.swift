import PumpwatchDetect

/// `DetectionClock` in SQL: the hourly detection window ending with the hour of the data's last
/// event, and the baseline hours before it (from the hour of the first event at the earliest).
enum DetectionClockSQL {
    static let hour: Int64 = 3_600_000

    /// `name AS (...)` with the columns `end_ms`, `end_bucket`, `first_detection`,
    /// `first_baseline` (hour indices; bucket `i` starts at `i × 1h`), reading `times` (`time_ms`).
    static func definition(_ name: String, times: String, context: DetectionContext, _ d: BuiltinSQLDialect) -> String {
        let detection = max(1, (context.detectionWindowMillis + hour - 1) / hour)
        let baseline = max(1, (context.baselineMillis + hour - 1) / hour)
        return """
            \(name) AS (
              SELECT end_ms, end_bucket, end_bucket - \(detection - 1) AS first_detection,
                  greatest(end_bucket - \(detection - 1 + baseline), earliest_bucket) AS first_baseline
                FROM (SELECT max(time_ms) AS end_ms, \(d.divide("max(time_ms)", "\(hour)")) AS end_bucket,
                        \(d.divide("min(time_ms)", "\(hour)")) AS earliest_bucket FROM \(times) WHERE time_ms IS NOT NULL) AS span
                WHERE end_ms IS NOT NULL
            )
            """
    }
}
