import Prometheus
import PumpwatchGuard
import PumpwatchStore

/// The server's Prometheus metrics, in a registry of their own (one per application, not the
/// process-wide `MetricsSystem`), served as text by `GET /metrics`.
///
/// | metric | labels |
/// |---|---|
/// | `pumpwatch_events_ingested_total` | `format` |
/// | `pumpwatch_malformed_records_total` | `route` |
/// | `pumpwatch_rule_evaluations_total` | |
/// | `pumpwatch_detection_lag_entries` (gauge) | |
/// | `pumpwatch_alerts_total` | `severity` |
/// | `pumpwatch_guard_decisions_total` | `decision` |
/// | `pumpwatch_http_request_duration_seconds` (histogram) | `method`, `route`, `status` |
///
/// `route` is the matched route template (`/v1/alerts/{id}`), never the requested path, so ids do
/// not multiply the series. Every method may be called from any task.
public final class ServerMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry

    /// The upper bounds of the request duration buckets.
    public static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private static var eventsIngested: MetricNameDescriptor {
        descriptor("pumpwatch_events_ingested_total", "Events accepted by the ingest routes, by source format.")
    }
    private static var malformedRecords: MetricNameDescriptor {
        descriptor("pumpwatch_malformed_records_total", "Records refused as malformed, by the route that received them.")
    }
    private static var ruleEvaluations: MetricNameDescriptor {
        descriptor("pumpwatch_rule_evaluations_total", "Rule evaluations run by continuous detection.")
    }
    private static var detectionLagEntries: MetricNameDescriptor {
        descriptor("pumpwatch_detection_lag_entries", "Journaled entries the rules have not read yet.")
    }
    private static var alerts: MetricNameDescriptor {
        descriptor("pumpwatch_alerts_total", "Alerts raised, by severity.")
    }
    private static var guardDecisions: MetricNameDescriptor {
        descriptor("pumpwatch_guard_decisions_total", "Send-path guard decisions, by effective decision.")
    }
    private static var requestDuration: MetricNameDescriptor {
        descriptor("pumpwatch_http_request_duration_seconds", "HTTP request durations, by method, matched route template and status code.")
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Metrics in a new registry, with the counters of known label values present at zero.
    public init() {
        registry = PrometheusCollectorRegistry()
        _ = registry.makeCounter(descriptor: ServerMetrics.ruleEvaluations)
        _ = registry.makeGauge(descriptor: ServerMetrics.detectionLagEntries)
        for severity in AlertSeverity.ordered {
            _ = registry.makeCounter(descriptor: ServerMetrics.alerts, labels: [("severity", severity)])
        }
        for decision in ["allow", "monitor", "challenge", "block"] {
            _ = registry.makeCounter(descriptor: ServerMetrics.guardDecisions, labels: [("decision", decision)])
        }
    }

    /// Counts `count` events of `format` (a source format name such as `cloudtrail`) ingested.
    public func ingested(format: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: ServerMetrics.eventsIngested, labels: [("format", format)]).increment(by: Int64(count))
    }

    /// Counts `count` malformed records received on `route` (a route template such as `/v1/events`).
    public func malformed(route: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: ServerMetrics.malformedRecords, labels: [("route", route)]).increment(by: Int64(count))
    }

    /// Counts `count` rule evaluations.
    public func ruleEvaluations(_ count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: ServerMetrics.ruleEvaluations).increment(by: Int64(count))
    }

    /// Sets how many journaled entries continuous detection has still to read.
    public func detectionLag(_ entries: Int64) {
        registry.makeGauge(descriptor: ServerMetrics.detectionLagEntries).set(Double(entries))
    }

    /// Counts one alert raised at `severity`; a name that is not a severity counts as `info`.
    public func alert(severity: String) {
        let label = AlertSeverity.rank(of: severity).map { AlertSeverity.ordered[$0] } ?? "info"
        registry.makeCounter(descriptor: ServerMetrics.alerts, labels: [("severity", label)]).increment()
    }

    /// Counts one guard decision (the effective one, after the mode).
    public func guardDecision(_ decision: Verdict) {
        registry.makeCounter(descriptor: ServerMetrics.guardDecisions, labels: [("decision", decision.rawValue)]).increment()
    }

    /// Records one request's duration under its method, matched route template and status code.
    public func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: ServerMetrics.requestDuration, labels: [("method", method), ("route", route), ("status", String(status))],
            buckets: ServerMetrics.durationBuckets
        ).record(duration)
    }

    /// The metrics in the Prometheus text exposition format (version 0.0.4).
    public func text() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        registry.emit(into: &buffer)
        return buffer
    }
}
