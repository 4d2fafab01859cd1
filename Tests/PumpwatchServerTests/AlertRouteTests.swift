import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchCore
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// Alerts as the detections store them, and a router with the bearer check, the alert routes and
/// the console over an in-memory store: shared by the alert, console and metrics tests.
enum AlertFixture {
    static let oncallToken = "pw-oncall-3c9e1f0a"
    static let ciToken = "pw-ci-51be77d2"
    static let tokens = [TokenDigest(name: "oncall", token: oncallToken), TokenDigest(name: "ci-pipeline", token: ciToken)]
    /// The routes' clock: 2026-11-27T12:00:00Z.
    static let now: Int64 = Timestamp.parse("2026-11-27T12:00:00Z")!
    static let hour: Int64 = 3_600_000

    static var bearer: HTTPFields { [.authorization: "Bearer \(oncallToken)"] }

    static func millis(_ iso: String) -> Int64 { Timestamp.parse(iso)! }

    /// Twilio messages to one premium number, seen by the repeated-destination detector.
    static let repeatedDestination = AlertDraft(
        key: "repeated-destination|destination=+882130000001|2026-11-27T09", ruleID: "repeated-destination",
        title: "Repeated SMS to one destination", severity: "high", riskScore: 73, attack: ["T1496.003"],
        firstSeen: millis("2026-11-27T09:02:11Z"), lastSeen: millis("2026-11-27T09:09:40Z"), count: 41,
        entities: #"[["destination","+882130000001"],["account_sid","AC5ef8732a3c49700934481addd5ce1659"]]"#,
        evidence: #"[["messages",41],["window","2m"],["threshold",8],["price_usd",12.71]]"#,
        summary: "41 SMS to +882130000001 within 2 minutes (threshold 8).", sources: ["twilio/messages-2026-11-27.json"])

    /// A sequential number block in Côte d'Ivoire, from SNS delivery logs.
    static let sequentialBlock = AlertDraft(
        key: "sequential-block|block=+2250700001xx|2026-11-27T10", ruleID: "sequential-block",
        title: "Sequential destination numbers in one block", severity: "critical", riskScore: 91, attack: ["T1496.003"],
        firstSeen: millis("2026-11-27T10:00:02Z"), lastSeen: millis("2026-11-27T10:14:55Z"), count: 96,
        entities: #"[["number_block","+2250700001xx"],["country","CI"]]"#,
        evidence: #"[["distinct_numbers",96],["sample_numbers",["+225070000101","+225070000102","+225070000103"]]]"#,
        summary: "96 distinct numbers in +2250700001xx in 15 minutes.", sources: ["sns/delivery-us-east-1.log.gz"])

    /// The public LogScale detection on a Falcon host.
    static let logscale = AlertDraft(
        key: "logscale-sms-pumping|ComputerName=WEB-03|2026-11-27T08", ruleID: "logscale-sms-pumping",
        title: "Host resolving SMS provider APIs at an unusual rate", severity: "medium", riskScore: 55, attack: ["T1496.003"],
        firstSeen: millis("2026-11-27T08:40:00Z"), lastSeen: millis("2026-11-27T08:55:00Z"), count: 212,
        entities: #"[["ComputerName","WEB-03"],["aid","4f1c3b2a9d8e7f60a1b2c3d4e5f60718"]]"#,
        evidence: #"[["EventCount",212],["DomainName","api.twilio.com"]]"#,
        summary: "WEB-03 made 212 DNS requests for api.twilio.com.", sources: ["falcon/fdr-2026-11-27.ndjson"])

    /// SNS direct publishes from a CI role, from CloudTrail.
    static let snsSpike = AlertDraft(
        key: "esql-sns-direct-to-phone-spike|arn=arn:aws:iam::111122223333:user/ci-deployer|2026-11-27T06",
        ruleID: "esql-sns-direct-to-phone-spike", title: "Spike of SNS Publish calls straight to phone numbers", severity: "low",
        riskScore: 35, attack: ["T1496.003"], firstSeen: millis("2026-11-27T06:10:00Z"), lastSeen: millis("2026-11-27T06:50:00Z"),
        count: 18, entities: #"[["aws.cloudtrail.user_identity.arn","arn:aws:iam::111122223333:user/ci-deployer"]]"#,
        evidence: #"[["publishes",18],["source.ip","198.51.100.23"]]"#, summary: "18 Publish calls with a phoneNumber from one IAM user.",
        sources: ["cloudtrail/111122223333_CloudTrail_us-east-1_20261127T0655Z.json.gz"])

    /// An OTP flood whose user agent is an attack on the console.
    static let hostile = AlertDraft(
        key: "otp-request-flood|ua|2026-11-27T11", ruleID: "otp-request-flood", title: "OTP requests flood from <img src=x onerror=alert(2)>",
        severity: "high", riskScore: 70, firstSeen: millis("2026-11-27T11:00:00Z"), lastSeen: millis("2026-11-27T11:05:00Z"), count: 300,
        entities: #"[["user_agent","<script>alert(1)</script>"],["client.ip","203.0.113.77"]]"#,
        evidence: #"[["requests",300],["path","/api/otp?next=\"><b>x</b>"]]"#,
        summary: "300 POST /api/otp from one address & one user agent.", sources: ["nginx/access.log"])

    /// The four ordinary drafts, stored an hour apart (the last one newest), and their ids in that order.
    static func seed(_ store: some PumpwatchStore) async throws -> [Int64] {
        var ids: [Int64] = []
        for (i, draft) in [snsSpike, logscale, repeatedDestination, sequentialBlock].enumerated() {
            let at = now - Int64(4 - i) * hour
            ids.append(try await store.upsertAlert(draft, notify: [], at: at).alert.id)
        }
        return ids
    }

    /// The bearer check (with the console's cookie) in front of the alert routes and the console.
    static func router(_ store: some PumpwatchStore, sessions: ConsoleSessions = ConsoleSessions()) -> Router<PumpwatchRequestContext> {
        let router = Router(context: PumpwatchRequestContext.self)
        // One clock for issuing session cookies and checking them: the fixture's.
        router.add(middleware: AuthMiddleware(tokens: tokens, sessions: sessions, setClient: { context, name in context.client = name }, now: { now }))
        AlertRoutes(store: store, now: { now }).addRoutes(to: router.group("v1"))
        ConsoleRoutes(store: store, tokens: tokens, sessions: sessions, now: { now }).addRoutes(to: router)
        return router
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
        return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
    }

    static func ids(_ response: TestResponse) throws -> [Int64] {
        let alerts = try XCTUnwrap(try json(response)["alerts"] as? [[String: Any]])
        return alerts.compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }
}

final class AlertRouteTests: XCTestCase {
    func testListsNewestFirstAndFilters() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            func list(_ query: String) async throws -> [Int64] {
                try await client.execute(uri: "/v1/alerts\(query)", method: .get, headers: AlertFixture.bearer) { response in
                    XCTAssertEqual(response.status, .ok, query)
                    return try AlertFixture.ids(response)
                }
            }
            let all = try await list("")
            XCTAssertEqual(all, ids.reversed())
            // severity is a minimum: high takes high and critical.
            let severe = try await list("?severity=high")
            XCTAssertEqual(severe, [ids[3], ids[2]])
            let severeUpper = try await list("?severity=HIGH")
            XCTAssertEqual(severeUpper, [ids[3], ids[2]])
            let byRule = try await list("?rule=logscale-sms-pumping")
            XCTAssertEqual(byRule, [ids[1]])
            // Stored at now-4h ... now-1h: since 150 minutes ago leaves the last two.
            let recent = try await list("?since=150m")
            XCTAssertEqual(recent, [ids[3], ids[2]])
            let sinceISO = try await list("?since=2026-11-27T09:30:00Z")
            XCTAssertEqual(sinceISO, [ids[3], ids[2]])
            let sinceEpoch = try await list("?since=\(AlertFixture.now - 150 * 60_000)")
            XCTAssertEqual(sinceEpoch, [ids[3], ids[2]])
            let limited = try await list("?limit=2")
            XCTAssertEqual(limited, [ids[3], ids[2]])
            let openOnly = try await list("?state=open&severity=medium&since=7d")
            XCTAssertEqual(openOnly, [ids[3], ids[2], ids[1]])
        }
    }

    func testListRefusesBadParametersNamingThem() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        let cases: [(String, String)] = [
            ("severity=urgent", "severity"), ("state=closed", "state"), ("since=yesterday", "since"), ("since=-5h", "since"),
            ("limit=0", "limit"), ("limit=5000", "limit"), ("limit=ten", "limit"), ("rule=", "rule"), ("sort=asc", "sort"),
        ]
        try await app.test(.router) { client in
            for (query, parameter) in cases {
                try await client.execute(uri: "/v1/alerts?\(query)", method: .get, headers: AlertFixture.bearer) { response in
                    XCTAssertEqual(response.status, .badRequest, query)
                    let error = try XCTUnwrap(try AlertFixture.json(response)["error"] as? [String: Any], query)
                    XCTAssertEqual(error["field"] as? String, parameter, query)
                    XCTAssertTrue((error["message"] as? String ?? "").contains(parameter), "\(query): \(error)")
                }
            }
        }
    }

    func testShowsEntitiesEvidenceAndHistoryAsJSON() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        _ = try await store.setAlertState(id: ids[3], to: .acknowledged, by: "alice", note: "calling the carrier", at: AlertFixture.now - 600_000)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/alerts/\(ids[3])", method: .get, headers: AlertFixture.bearer) { response in
                XCTAssertEqual(response.status, .ok)
                let alert = try AlertFixture.json(response)
                XCTAssertEqual(alert["rule"] as? String, "sequential-block")
                XCTAssertEqual(alert["severity"] as? String, "critical")
                XCTAssertEqual(alert["state"] as? String, "acknowledged")
                XCTAssertEqual(alert["state_changed_by"] as? String, "alice")
                XCTAssertEqual(alert["first_seen"] as? String, "2026-11-27T10:00:02.000Z")
                let entities = try XCTUnwrap(alert["entities"] as? [[Any]])
                XCTAssertEqual(entities.first?.first as? String, "number_block")
                XCTAssertEqual(entities.first?.last as? String, "+2250700001xx")
                let evidence = try XCTUnwrap(alert["evidence"] as? [[Any]])
                XCTAssertEqual((evidence[0][1] as? NSNumber)?.intValue, 96)
                XCTAssertEqual((evidence[1][1] as? [String])?.count, 3)
                let history = try XCTUnwrap(alert["history"] as? [[String: Any]])
                XCTAssertEqual(history.count, 1)
                XCTAssertEqual(history.first?["state"] as? String, "acknowledged")
                XCTAssertEqual(history.first?["by"] as? String, "alice")
                XCTAssertEqual(history.first?["note"] as? String, "calling the carrier")
                XCTAssertEqual(history.first?["at"] as? String, "2026-11-27T11:50:00.000Z")
            }
            try await client.execute(uri: "/v1/alerts/9999", method: .get, headers: AlertFixture.bearer) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/v1/alerts/abc", method: .get, headers: AlertFixture.bearer) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual((try AlertFixture.json(response)["error"] as? [String: Any])?["field"] as? String, "id")
            }
        }
    }

    func testAcknowledgeAndResolveRecordTheTokenName() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            var headers = AlertFixture.bearer
            headers[.contentType] = "application/json"
            try await client.execute(
                uri: "/v1/alerts/\(ids[2])/acknowledge", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"note": "blocked +88213 at the provider"}"#)
            ) { response in
                XCTAssertEqual(response.status, .ok)
                let alert = try AlertFixture.json(response)
                XCTAssertEqual(alert["state"] as? String, "acknowledged")
                XCTAssertEqual(alert["state_changed_by"] as? String, "oncall")
                XCTAssertEqual(alert["note"] as? String, "blocked +88213 at the provider")
            }
            // Another token resolves it, without a body.
            try await client.execute(
                uri: "/v1/alerts/\(ids[2])/resolve", method: .post, headers: [.authorization: "Bearer \(AlertFixture.ciToken)"]
            ) { response in
                XCTAssertEqual(response.status, .ok)
                let alert = try AlertFixture.json(response)
                XCTAssertEqual(alert["state"] as? String, "resolved")
                XCTAssertEqual(alert["state_changed_by"] as? String, "ci-pipeline")
                let history = try XCTUnwrap(alert["history"] as? [[String: Any]])
                XCTAssertEqual(history.map { $0["by"] as? String }, ["oncall", "ci-pipeline"])
                XCTAssertEqual(history.map { $0["state"] as? String }, ["acknowledged", "resolved"])
            }
            try await client.execute(uri: "/v1/alerts/9999/acknowledge", method: .post, headers: AlertFixture.bearer) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(
                uri: "/v1/alerts/\(ids[1])/acknowledge", method: .post, headers: headers, body: ByteBuffer(string: #"{"note": 42}"#)
            ) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual((try AlertFixture.json(response)["error"] as? [String: Any])?["field"] as? String, "note")
            }
            try await client.execute(
                uri: "/v1/alerts/\(ids[1])/acknowledge", method: .post, headers: headers, body: ByteBuffer(string: #"{"note": "#)
            ) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
        let untouched = try await store.alert(id: ids[1])
        XCTAssertEqual(untouched?.state, .open)
        let resolved = try await store.alert(id: ids[2])
        XCTAssertEqual(resolved?.state, .resolved)
        XCTAssertEqual(resolved?.stateChangedBy, "ci-pipeline")
    }

    func testRoutesNeedABearerToken() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            for (uri, method) in [("/v1/alerts", HTTPRequest.Method.get), ("/v1/alerts/\(ids[0])", .get), ("/v1/alerts/\(ids[0])/resolve", .post)] {
                try await client.execute(uri: uri, method: method) { response in
                    XCTAssertEqual(response.status, .unauthorized, uri)
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer not-a-token"]) { response in
                    XCTAssertEqual(response.status, .forbidden, uri)
                }
            }
        }
        let alert = try await store.alert(id: ids[0])
        XCTAssertEqual(alert?.state, .open)
    }
}
