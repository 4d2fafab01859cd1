import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

final class NotificationRoutesTests: XCTestCase {
    let t0 = NotificationFixture.t0

    /// A store with one delivered, one failed and one pending entry (ids 1, 2, 3 in that order).
    func store() async throws -> some PumpwatchStore {
        let store = try SQLiteStore.inMemory()
        let alert = try await store.upsertAlert(NotificationFixture.draft(), notify: ["soc-webhook", "slack-fraud", "pager"], at: t0).alert
        let entries = try await store.notifications(state: nil, limit: 10).sorted { $0.id < $1.id }
        XCTAssertEqual(entries.map(\.alertID), [alert.id, alert.id, alert.id])
        try await store.markDelivered(entries[0].id, at: t0 + 400)
        try await store.markAttemptFailed(entries[1].id, error: "HTTP 404: no_service", retryAt: nil, at: t0 + 500)
        try await store.markAttemptFailed(entries[2].id, error: "connection refused", retryAt: t0 + 2500, at: t0 + 600)
        return store
    }

    func get<S: PumpwatchStore>(_ uri: String, from store: S, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let router = Router(context: PumpwatchRequestContext.self)
        NotificationRoutes(store: store).addRoutes(to: router.group("v1"))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { try check($0) }
        }
    }

    static func items(_ response: TestResponse) throws -> [[String: Any]] {
        try XCTUnwrap(NotificationFixture.object(Array(buffer: response.body))["notifications"] as? [[String: Any]])
    }

    func testListsEveryStateNewestFirst() async throws {
        try await get("/v1/notifications", from: try await store()) { response in
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/json")
            let items = try Self.items(response)
            XCTAssertEqual(items.map { $0["sink"] as? String }, ["pager", "slack-fraud", "soc-webhook"])
            XCTAssertEqual(items.map { $0["state"] as? String }, ["pending", "failed", "delivered"])
            let pending = items[0]
            XCTAssertEqual(pending["attempts"] as? Int, 1)
            XCTAssertEqual(pending["next_attempt_at"] as? String, "2026-11-27T10:00:02.500Z")
            XCTAssertEqual(pending["last_error"] as? String, "connection refused")
            XCTAssertEqual(pending["created_at"] as? String, "2026-11-27T10:00:00.000Z")
            XCTAssertTrue(pending["delivered_at"] is NSNull)
            XCTAssertEqual(items[2]["delivered_at"] as? String, "2026-11-27T10:00:00.400Z")
            XCTAssertTrue(items[2]["last_error"] is NSNull)
            XCTAssertNotNil(items[0]["alert_id"] as? Int)
        }
    }

    func testFiltersByStateAndLimits() async throws {
        let store = try await store()
        try await get("/v1/notifications?state=failed", from: store) { response in
            let items = try Self.items(response)
            XCTAssertEqual(items.map { $0["sink"] as? String }, ["slack-fraud"])
            XCTAssertEqual(items.first?["last_error"] as? String, "HTTP 404: no_service")
        }
        try await get("/v1/notifications?state=Delivered", from: store) { response in
            XCTAssertEqual(try Self.items(response).map { $0["sink"] as? String }, ["soc-webhook"])
        }
        try await get("/v1/notifications?limit=2", from: store) { response in
            XCTAssertEqual(try Self.items(response).map { $0["sink"] as? String }, ["pager", "slack-fraud"])
        }
    }

    func testBadQueriesAre400WithTheField() async throws {
        let store = try SQLiteStore.inMemory()
        for (uri, field) in [
            ("/v1/notifications?state=dead", "state"), ("/v1/notifications?limit=0", "limit"), ("/v1/notifications?limit=5000", "limit"),
            ("/v1/notifications?limit=ten", "limit"), ("/v1/notifications?sink=slack", "sink"),
        ] {
            try await get(uri, from: store) { response in
                XCTAssertEqual(response.status, .badRequest, uri)
                let error = try XCTUnwrap(NotificationFixture.object(Array(buffer: response.body))["error"] as? [String: Any])
                XCTAssertEqual(error["field"] as? String, field, uri)
                XCTAssertEqual(error["status"] as? Int, 400)
            }
        }
    }
}
