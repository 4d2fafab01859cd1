import PumpwatchCore

/// Expands CloudWatch `GetMetricData` results into one event per data point.
///
/// An element `{"Id", "Label", "Timestamps": [ISO...], "Values": [...]}` gives, for each timestamp,
/// `@timestamp`, `metric.id`, `metric.label`, `metric.name` (the label, such as
/// `SMSMonthToDateSpentUSD`, else the id), `metric.value` (Double) and `event.dataset`. A whole
/// `{"MetricDataResults": [...]}` document is accepted too.
public enum CloudWatchMetricsNormalizer {
    /// The `event.dataset` of metric data points.
    public static let dataset = "aws.cloudwatch.metrics"

    /// The data points of one `MetricDataResults` element or of a whole `GetMetricData` response.
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        guard case .object = record else {
            throw MalformedRecord(origin: origin, reason: "a CloudWatch metric result must be a JSON object")
        }
        if record["Timestamps"] == nil, let results = record["MetricDataResults"]?.arrayElements {
            var out: [Event] = []
            for (i, result) in results.enumerated() {
                var o = origin
                if o.record == nil { o.record = i + 1 }
                out.append(contentsOf: try expand(result, origin: o))
            }
            return out
        }
        return try expand(record, origin: origin)
    }

    private static func expand(_ result: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        guard let timestamps = result["Timestamps"]?.arrayElements, let values = result["Values"]?.arrayElements else {
            throw MalformedRecord(origin: origin, reason: "the metric result needs Timestamps and Values arrays")
        }
        guard timestamps.count == values.count else {
            throw MalformedRecord(
                origin: origin,
                reason: "the metric result has \(timestamps.count) Timestamps but \(values.count) Values")
        }
        let id = MessagingFields.text(result["Id"])
        let label = MessagingFields.text(result["Label"])
        let statusCode = MessagingFields.text(result["StatusCode"])
        var out: [Event] = []
        out.reserveCapacity(timestamps.count)
        for (i, (time, value)) in zip(timestamps, values).enumerated() {
            guard let ms = MessagingFields.date(time) else {
                throw MalformedRecord(origin: origin, reason: "Timestamps[\(i)] is not a date")
            }
            guard let number = value.scalarText.flatMap(Value.parseNumber) else {
                throw MalformedRecord(origin: origin, reason: "Values[\(i)] is not a number")
            }
            var f: [String: Value] = [
                "@timestamp": .date(ms),
                "event.dataset": .string(dataset),
                "metric.value": .double(number),
            ]
            if let id { f["metric.id"] = .string(id) }
            if let label { f["metric.label"] = .string(label) }
            if let name = label ?? id { f["metric.name"] = .string(name) }
            if let statusCode { f["metric.status_code"] = .string(statusCode) }
            out.append(Event(fields: f, origin: origin, format: .cloudwatchMetrics))
        }
        return out
    }
}
