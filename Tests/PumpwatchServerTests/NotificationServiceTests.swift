import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PumpwatchStore
import ServiceLifecycle
import XCTest

@testable import PumpwatchServer

final class NotificationServiceTests: XCTestCase {
    let t0 = NotificationFixture.t0

    func testWebhookReceivesTheSignedAlertOnce() async throws {
        let running = try await RunningReceiver.start([.init(status: .noContent, body: "")])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])
        let alert = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)

        let taken = await service.deliverDue(now: t0 + 250)
        let again = await service.deliverDue(now: t0 + 60_000)
        await running.stop()

        XCTAssertEqual(taken, 1)
        XCTAssertEqual(again, 0, "a delivered notification is not sent again")
        let received = await running.receiver.received
        XCTAssertEqual(received.count, 1)
        let request = try XCTUnwrap(received.first)
        XCTAssertEqual(request.headers[.contentType], "application/json")
        let entry = try await XCTUnwrapAsync(await store.notifications(state: .delivered, limit: 10).first)
        XCTAssertEqual(request.headers[HTTPField.Name("Pumpwatch-Delivery")!], String(entry.id))
        let signature = try XCTUnwrap(request.headers[HTTPField.Name("Pumpwatch-Signature")!])
        XCTAssertTrue(signature.hasPrefix("t=1795773600,v1="), signature)
        XCTAssertTrue(NotificationWebhookTests.receiverAccepts(signature, body: request.body, secret: Array(NotificationFixture.secret.utf8)))
        XCTAssertEqual(request.body, WebhookPayload.json(alert))
        let o = try NotificationFixture.object(request.body)
        XCTAssertEqual(o["id"] as? Int, Int(alert.id))
        XCTAssertEqual(o["rule"] as? String, "repeated-destination")
        XCTAssertEqual(entry.alertID, alert.id)
        XCTAssertEqual(entry.sink, "soc-webhook")
        XCTAssertEqual(entry.deliveredAt, t0 + 250)
        XCTAssertEqual(entry.attempts, 0)
    }

    func testSlackSinkReceivesABlockKitMessage() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok, body: "ok")])
        let store = try SQLiteStore.inMemory()
        let slack = NotificationSink(name: "slack-fraud", kind: .slack, url: running.url("/services/T0/B0/x"))
        let configuration = NotificationFixture.configuration([slack])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        _ = await service.deliverDue(now: t0)
        await running.stop()

        let request = try await XCTUnwrapAsync(await running.receiver.received.first)
        XCTAssertEqual(request.path, "/services/T0/B0/x")
        XCTAssertNil(request.headers[HTTPField.Name("Pumpwatch-Signature")!], "Slack bodies are not signed")
        let o = try NotificationFixture.object(request.body)
        XCTAssertTrue((o["text"] as? String)?.hasPrefix("[HIGH] Repeated OTP sends") == true)
        XCTAssertEqual((o["blocks"] as? [Any])?.count, 5)
        let delivered = try await store.notifications(state: .delivered, limit: 10)
        XCTAssertEqual(delivered.map(\.sink), ["slack-fraud"])
    }

    /// 500, 500, then 200: retried with backoff and delivered on the third request, every
    /// request with the same delivery id and a valid signature.
    func testServerErrorsAreRetriedWithBackoffUntilDelivered() async throws {
        let running = try await RunningReceiver.start([
            .init(status: .internalServerError, body: "database timeout"), .init(status: .badGateway, body: "bad gateway"), .init(status: .ok),
        ])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration(
            [NotificationFixture.webhook(running.url())], retry: NotificationRetryPolicy(initial: 2, maximum: 600, attempts: 12))
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)

        let firstTry = await service.deliverDue(now: t0)
        XCTAssertEqual(firstTry, 1)
        let first = try await XCTUnwrapAsync(await store.notifications(state: nil, limit: 1).first)
        XCTAssertEqual(first.state, .pending)
        XCTAssertEqual(first.attempts, 1)
        XCTAssertEqual(first.lastError, "HTTP 500: database timeout")
        XCTAssertTrue((t0 + 1000...t0 + 2000).contains(first.nextAttemptAt), "\(first.nextAttemptAt - t0) ms")

        let early = await service.deliverDue(now: first.nextAttemptAt - 1)
        XCTAssertEqual(early, 0, "not due before its time")
        let secondTry = await service.deliverDue(now: first.nextAttemptAt)
        XCTAssertEqual(secondTry, 1)
        let second = try await XCTUnwrapAsync(await store.notifications(state: nil, limit: 1).first)
        XCTAssertEqual(second.attempts, 2)
        XCTAssertEqual(second.lastError, "HTTP 502: bad gateway")
        XCTAssertTrue((first.nextAttemptAt + 2000...first.nextAttemptAt + 4000).contains(second.nextAttemptAt), "\(second.nextAttemptAt - first.nextAttemptAt) ms")

        let thirdTry = await service.deliverDue(now: second.nextAttemptAt)
        XCTAssertEqual(thirdTry, 1)
        await running.stop()
        let done = try await XCTUnwrapAsync(await store.notifications(state: nil, limit: 1).first)
        XCTAssertEqual(done.state, .delivered)
        XCTAssertEqual(done.deliveredAt, second.nextAttemptAt)
        XCTAssertEqual(done.attempts, 2, "attempts counts the failed attempts; the third one delivered")
        let received = await running.receiver.received
        XCTAssertEqual(received.count, 3)
        XCTAssertEqual(Set(received.map { $0.headers[HTTPField.Name("Pumpwatch-Delivery")!] }), [String(done.id)])
        for r in received {
            XCTAssertTrue(
                NotificationWebhookTests.receiverAccepts(
                    r.headers[HTTPField.Name("Pumpwatch-Signature")!] ?? "", body: r.body, secret: Array(NotificationFixture.secret.utf8)))
        }
    }

    /// A 400 is not retried: the entry fails at once and `GET /v1/notifications?state=failed` shows it.
    func testClientErrorIsADeadLetterAtOnce() async throws {
        let answer = #"{"error":"invalid_payload","detail":""# + String(repeating: "x", count: 400) + "\"}"
        let running = try await RunningReceiver.start([.init(status: .badRequest, body: answer)])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        let taken = await service.deliverDue(now: t0)
        XCTAssertEqual(taken, 1)
        let takenLater = await service.deliverDue(now: t0 + 86_400_000)
        XCTAssertEqual(takenLater, 0, "a dead letter is never due")
        await running.stop()
        let requests = await running.receiver.received.count
        XCTAssertEqual(requests, 1)

        let router = Router(context: PumpwatchRequestContext.self)
        NotificationRoutes(store: store).addRoutes(to: router.group("v1"))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/notifications?state=failed", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                let o = try NotificationFixture.object(Array(buffer: response.body))
                let items = try XCTUnwrap(o["notifications"] as? [[String: Any]])
                XCTAssertEqual(items.count, 1)
                XCTAssertEqual(items.first?["state"] as? String, "failed")
                XCTAssertEqual(items.first?["attempts"] as? Int, 1)
                XCTAssertEqual(items.first?["sink"] as? String, "soc-webhook")
                let lastError = try XCTUnwrap(items.first?["last_error"] as? String)
                XCTAssertTrue(lastError.hasPrefix(#"HTTP 400: {"error":"invalid_payload""#), lastError)
                XCTAssertLessThanOrEqual(lastError.utf8.count, "HTTP 400: ".utf8.count + HTTPPoster.responseExcerptLimit)
                XCTAssertFalse(lastError.contains(NotificationFixture.secret))
            }
            try await client.execute(uri: "/v1/notifications?state=pending", method: .get) { response in
                let o = try NotificationFixture.object(Array(buffer: response.body))
                XCTAssertEqual((o["notifications"] as? [Any])?.count, 0)
            }
        }
    }

    func testGivesUpAfterTheLastAttempt() async throws {
        let running = try await RunningReceiver.start([.init(status: .serviceUnavailable, body: "maintenance")])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration(
            [NotificationFixture.webhook(running.url())], retry: NotificationRetryPolicy(initial: 1, maximum: 1, attempts: 3))
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        var now = t0
        for _ in 0..<5 {
            _ = await service.deliverDue(now: now)
            now += 1000
        }
        await running.stop()
        let requests = await running.receiver.received.count
        XCTAssertEqual(requests, 3)
        let entry = try await XCTUnwrapAsync(await store.notifications(state: .failed, limit: 1).first)
        XCTAssertEqual(entry.attempts, 3)
        XCTAssertEqual(entry.lastError, "HTTP 503: maintenance (gave up after 3 attempts)")
    }

    /// 429 with `Retry-After: 120` waits the receiver's 120 s rather than the 2 s backoff.
    func testRetryAfterIsHonoured() async throws {
        let running = try await RunningReceiver.start([.init(status: .tooManyRequests, body: "rate_limited", headers: [.retryAfter: "120"])])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        _ = await NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet).deliverDue(now: t0)
        await running.stop()
        let entry = try await XCTUnwrapAsync(await store.notifications(state: .pending, limit: 1).first)
        XCTAssertEqual(entry.nextAttemptAt, t0 + 120_000)
        XCTAssertEqual(entry.lastError, "HTTP 429: rate_limited")
    }

    /// An entry left pending by a process that stopped before delivering is delivered by the next one.
    func testPendingEntryFromAStoppedProcessIsDeliveredByTheNext() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pumpwatch.sqlite").path
        let running = try await RunningReceiver.start([.init(status: .ok)])
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])

        // The first process stores the alert (and its outbox entry) and stops before any delivery.
        do {
            let store = try SQLiteStore.open(path: path)
            _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        }
        let requestsBefore = await running.receiver.received.count
        XCTAssertEqual(requestsBefore, 0)

        let reopened = try SQLiteStore.open(path: path)
        let pending = try await reopened.notifications(state: .pending, limit: 10).count
        XCTAssertEqual(pending, 1)
        let service = NotificationService(store: reopened, configuration: configuration, logger: NotificationTestLog.quiet)
        let taken = await service.deliverDue(now: t0 + 3_600_000)
        XCTAssertEqual(taken, 1)
        await running.stop()
        let requests = await running.receiver.received.count
        XCTAssertEqual(requests, 1)
        let delivered = try await reopened.notifications(state: .delivered, limit: 10).count
        XCTAssertEqual(delivered, 1)
    }

    /// An entry whose sink was removed from the configuration fails with a reason naming the sink.
    func testEntryForARemovedSinkIsADeadLetter() async throws {
        let store = try SQLiteStore.inMemory()
        let alert = try await store.upsertAlert(NotificationFixture.draft(), notify: ["old-pager"], at: t0).alert
        let service = NotificationService(
            store: store, configuration: NotificationFixture.configuration([NotificationFixture.webhook(URL(string: "http://127.0.0.1:1/")!)]),
            logger: NotificationTestLog.quiet)
        let taken = await service.deliverDue(now: t0)
        XCTAssertEqual(taken, 1)
        let entry = try await XCTUnwrapAsync(await store.notifications(state: .failed, limit: 1).first)
        XCTAssertEqual(entry.alertID, alert.id)
        XCTAssertEqual(entry.lastError, "the sink 'old-pager' is no longer in the configuration")
    }

    /// Sinks filter by severity when the alert is raised: a low alert reaches only the sink without a minimum.
    func testOnlySinksTheSeverityReachesGetEntries() async throws {
        let store = try SQLiteStore.inMemory()
        var pager = NotificationFixture.webhook(URL(string: "https://pager.example.com/in")!, name: "pager")
        pager.minimumSeverity = "high"
        let everything = NotificationSink(name: "slack-all", kind: .slack, url: URL(string: "https://hooks.slack.com/services/T/B/x")!)
        let configuration = NotificationFixture.configuration([pager, everything])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(key: "low-one", severity: "low"), in: store, configuration: configuration)
        _ = try await NotificationFixture.raise(NotificationFixture.draft(key: "critical-one", severity: "critical"), in: store, configuration: configuration)
        let sinks = try await store.notifications(state: .pending, limit: 10).map(\.sink).sorted()
        XCTAssertEqual(sinks, ["pager", "slack-all", "slack-all"])
    }

    /// Neither the secret, the Slack URL's path, the alert's text nor the receiver's answers reach the logs.
    func testLogsCarryNoSecretsOrBodies() async throws {
        let running = try await RunningReceiver.start([
            .init(status: .internalServerError, body: "trace-id 0xfeedface"), .init(status: .badRequest, body: "no_text"), .init(status: .ok),
        ])
        let store = try SQLiteStore.inMemory()
        let slack = NotificationSink(name: "slack-fraud", kind: .slack, url: running.url("/services/T0SECRET/B0SECRET/tokenSECRET"))
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url()), slack])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let log = NotificationTestLog()
        let service = NotificationService(store: store, configuration: configuration, logger: log.logger)
        _ = await service.deliverDue(now: t0)
        _ = await service.deliverDue(now: t0 + 3_600_000)
        await running.stop()

        let text = log.text
        XCTAssertTrue(text.contains("sink=soc-webhook"), text)
        XCTAssertTrue(text.contains("HTTP 500") || text.contains("HTTP 400"), text)
        for forbidden in [
            NotificationFixture.secret, "SECRET", "Repeated OTP", "SNS Publish", "+37477001", "otp-svc", "0xfeedface", "no_text", "/hook", "v1=",
        ] {
            XCTAssertFalse(text.contains(forbidden), "'\(forbidden)' is in the log:\n\(text)")
        }
    }

    /// Overlapping calls (the poll loop and a nudge after a new alert) send an entry once.
    func testOverlappingCallsDeliverEachEntryOnce() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok)])
        await running.receiver.hold()
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])
        _ = try await NotificationFixture.raise(NotificationFixture.draft(), in: store, configuration: configuration)
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        let first = Task { await service.deliverDue(now: NotificationFixture.t0) }
        await running.receiver.waitForRequests(1)
        let overlapping = await service.deliverDue(now: t0)
        await running.receiver.release()
        let firstTaken = await first.value
        let afterwards = await service.deliverDue(now: t0 + 60_000)
        await running.stop()
        XCTAssertEqual(firstTaken, 1)
        XCTAssertEqual(overlapping, 0, "the entry in flight is not attempted twice")
        XCTAssertEqual(afterwards, 0)
        let requests = await running.receiver.received.count
        XCTAssertEqual(requests, 1)
    }

    /// Run as a service: delivers what falls due, then stops promptly on graceful shutdown.
    func testRunsUntilGracefulShutdown() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok)])
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url())])
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        let group = ServiceGroup(services: [service], logger: NotificationTestLog.quiet)
        let task = Task { try await group.run() }
        // Due now: the service finds it on one of its polls.
        _ = try await store.upsertAlert(NotificationFixture.draft(), notify: ["soc-webhook"], at: Int64(Date().timeIntervalSince1970 * 1000))
        await running.receiver.waitForRequests(1)
        // The answer is recorded just after the receiver sends it.
        var delivered = 0
        for _ in 0..<200 where delivered == 0 {
            delivered = try await store.notifications(state: .delivered, limit: 10).count
            if delivered == 0 { try await Task.sleep(for: .milliseconds(25)) }
        }
        await group.triggerGracefulShutdown()
        try await task.value
        await running.stop()
        XCTAssertEqual(delivered, 1)
        let requests = await running.receiver.received.count
        XCTAssertEqual(requests, 1, "delivered once, not again on later polls")
    }

    /// Shutdown while a delivery is in flight: the service stops without waiting for the receiver,
    /// and the entry stays pending for the next start.
    func testShutdownDuringADeliveryLeavesItPending() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok)])
        await running.receiver.hold()
        let store = try SQLiteStore.inMemory()
        let configuration = NotificationFixture.configuration([NotificationFixture.webhook(running.url(), timeout: 60)])
        let service = NotificationService(store: store, configuration: configuration, logger: NotificationTestLog.quiet)
        let group = ServiceGroup(services: [service], logger: NotificationTestLog.quiet)
        let task = Task { try await group.run() }
        _ = try await store.upsertAlert(NotificationFixture.draft(), notify: ["soc-webhook"], at: Int64(Date().timeIntervalSince1970 * 1000))
        await running.receiver.waitForRequests(1)
        await group.triggerGracefulShutdown()
        try await task.value
        await running.stop()
        let entry = try await XCTUnwrapAsync(await store.notifications(state: nil, limit: 1).first)
        XCTAssertEqual(entry.state, .pending)
        XCTAssertEqual(entry.attempts, 0, "a cancelled attempt is not counted as failed")
    }
}

/// `XCTUnwrap` for a value produced by an `async` expression.
func XCTUnwrapAsync<T>(_ expression: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let value = try await expression()
    return try XCTUnwrap(value, file: file, line: line)
}
