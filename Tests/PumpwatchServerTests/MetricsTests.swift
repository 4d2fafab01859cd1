import Hummingbird
import HummingbirdTesting
import PumpwatchGuard
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

final class MetricsTests: XCTestCase {
    func testRecordingMethodsShowInTheText() {
        let metrics = ServerMetrics()
        metrics.ingested(format: "cloudtrail", count: 120)
        metrics.ingested(format: "cloudtrail", count: 5)
        metrics.ingested(format: "twilio-messages", count: 3)
        metrics.ingested(format: "falcon", count: 0)
        metrics.malformed(route: "/v1/events/firehose", count: 2)
        metrics.ruleEvaluations(14)
        metrics.alert(severity: "HIGH")
        metrics.alert(severity: "critical")
        metrics.alert(severity: "high")
        metrics.guardDecision(.block)
        metrics.guardDecision(.allow)
        metrics.guardDecision(.allow)
        let text = String(decoding: metrics.text(), as: UTF8.self)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"pumpwatch_events_ingested_total{format="cloudtrail"} 125"#,
            #"pumpwatch_events_ingested_total{format="twilio-messages"} 3"#,
            #"pumpwatch_malformed_records_total{route="/v1/events/firehose"} 2"#,
            "pumpwatch_rule_evaluations_total 14",
            #"pumpwatch_alerts_total{severity="high"} 2"#,
            #"pumpwatch_alerts_total{severity="critical"} 1"#,
            #"pumpwatch_alerts_total{severity="low"} 0"#,
            #"pumpwatch_guard_decisions_total{decision="allow"} 2"#,
            #"pumpwatch_guard_decisions_total{decision="block"} 1"#,
            #"pumpwatch_guard_decisions_total{decision="challenge"} 0"#,
            "# TYPE pumpwatch_alerts_total counter",
        ] {
            XCTAssertTrue(lines.contains(expected), "missing line: \(expected)\n\(text)")
        }
        XCTAssertFalse(text.contains(#"format="falcon""#), "a zero count made a series")
    }

    func testEachApplicationHasItsOwnRegistry() {
        let first = ServerMetrics()
        let second = ServerMetrics()
        first.ruleEvaluations(7)
        XCTAssertTrue(String(decoding: first.text(), as: UTF8.self).contains("pumpwatch_rule_evaluations_total 7\n"))
        XCTAssertTrue(String(decoding: second.text(), as: UTF8.self).contains("pumpwatch_rule_evaluations_total 0\n"))
    }

    func testRequestDurationsAreLabelledByRouteTemplate() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let metrics = ServerMetrics()
        let router = Router(context: PumpwatchRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: AuthMiddleware(tokens: AlertFixture.tokens) { context, name in context.client = name })
        AlertRoutes(store: store, now: { AlertFixture.now }).addRoutes(to: router.group("v1"))
        MetricsRoutes(metrics: metrics).addRoutes(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            for id in ids {
                try await client.execute(uri: "/v1/alerts/\(id)", method: .get, headers: AlertFixture.bearer) { XCTAssertEqual($0.status, .ok) }
            }
            try await client.execute(uri: "/v1/alerts?severity=urgent", method: .get, headers: AlertFixture.bearer) {
                XCTAssertEqual($0.status, .badRequest)
            }
            try await client.execute(uri: "/v1/alerts", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: AlertFixture.bearer) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                let lines = text.split(separator: "\n").map(String.init)
                XCTAssertTrue(lines.contains("# TYPE pumpwatch_http_request_duration_seconds histogram"), text)
                XCTAssertTrue(
                    lines.contains(#"pumpwatch_http_request_duration_seconds_count{method="GET",route="/v1/alerts/{id}",status="200"} \#(ids.count)"#),
                    text)
                XCTAssertTrue(lines.contains(#"pumpwatch_http_request_duration_seconds_count{method="GET",route="/v1/alerts",status="400"} 1"#), text)
                XCTAssertTrue(lines.contains(#"pumpwatch_http_request_duration_seconds_count{method="GET",route="/v1/alerts",status="401"} 1"#), text)
                XCTAssertTrue(lines.contains(#"pumpwatch_http_request_duration_seconds_count{method="GET",route="/metrics",status="401"} 1"#), text)
                XCTAssertTrue(
                    lines.contains(#"pumpwatch_http_request_duration_seconds_bucket{method="GET",route="/v1/alerts/{id}",status="200",le="+Inf"} \#(ids.count)"#),
                    text)
                XCTAssertFalse(text.contains("route=\"/v1/alerts/\(ids[0])\""), "a raw path with an id became a label")
                for name in ["pumpwatch_rule_evaluations_total", "pumpwatch_alerts_total", "pumpwatch_guard_decisions_total"] {
                    XCTAssertTrue(lines.contains("# TYPE \(name) counter"), "\(name) missing")
                }
            }
        }
    }

    /// The application built for `serve` counts what its routes ingest, refuse and decide.
    func testTheServedApplicationCountsIngestRefusalsAndDecisions() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        let record = #"{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/app"},"requestParameters":{"phoneNumber":"+447700900123"},"eventID":"m-1","recipientAccountId":"111122223333"}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: Fixture.auth, body: Fixture.body(record + "\n")) { response in
                XCTAssertEqual(response.status, .ok)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: Fixture.auth, body: Fixture.body(record + "\n{broken\n")) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to":"+447700900123"}"#)) { response in
                XCTAssertEqual(response.status, .ok)
            }
            let text = try await client.execute(uri: "/metrics", method: .get, headers: Fixture.auth) { response in
                String(buffer: response.body)
            }
            let lines = Set(text.split(separator: "\n").map(String.init))
            XCTAssertTrue(lines.contains(#"pumpwatch_events_ingested_total{format="cloudtrail"} 1"#), text)
            XCTAssertTrue(lines.contains(#"pumpwatch_malformed_records_total{route="events"} 1"#), text)
            XCTAssertTrue(text.contains(#"pumpwatch_guard_decisions_total{decision="allow"} 1"#) || text.contains(#"pumpwatch_guard_decisions_total{decision="monitor"} 1"#), text)
        }
    }
}
