import PumpwatchCore

/// Reads CloudWatch `GetMetricData` output, one record per metric result.
///
/// The file is `{"MetricDataResults": [...]}`; the normalizer expands each result per timestamp.
public struct CloudWatchMetricsReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .cloudwatchMetrics }
}
