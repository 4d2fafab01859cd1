import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PumpwatchStore
import ServiceLifecycle
import XCTest

@testable import PumpwatchServer

/// A webhook receiver on 127.0.0.1 for the notification tests: answers each POST with the next
/// scripted status (the last one repeats) and records every request.
actor NotificationReceiver {
    struct Received: Sendable {
        var path: String
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var body: String = "ok"
        var headers: HTTPFields = [:]
    }

    private var answers: [Answer]
    private(set) var received: [Received] = []
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    private var holding = false
    private var held: [CheckedContinuation<Void, Never>] = []

    init(answers: [Answer]) {
        self.answers = answers
    }

    /// Keeps every answer back until `release()`.
    func hold() { holding = true }

    func release() {
        holding = false
        for c in held { c.resume() }
        held = []
    }

    /// Returns once `count` requests have arrived.
    func waitForRequests(_ count: Int) async {
        if received.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    func answer(path: String, headers: HTTPFields, body: [UInt8]) async -> Answer {
        received.append(Received(path: path, headers: headers, body: body))
        let ready = waiters.filter { $0.0 <= received.count }
        waiters.removeAll { $0.0 <= received.count }
        for (_, c) in ready { c.resume() }
        let answer = answers.count > 1 ? answers.removeFirst() : answers[0]
        if holding { await withCheckedContinuation { held.append($0) } }
        return answer
    }
}

/// A running `NotificationReceiver` with its URL; `stop()` shuts it down.
struct RunningReceiver: Sendable {
    let receiver: NotificationReceiver
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    func url(_ path: String = "/hook") -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    static func start(_ answers: [NotificationReceiver.Answer]) async throws -> RunningReceiver {
        let receiver = NotificationReceiver(answers: answers)
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let answer = await receiver.answer(path: request.uri.path, headers: request.headers, body: Array(buffer: body))
            return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "receiver"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: NotificationTestLog.quiet)
        let group = ServiceGroup(services: [app], logger: NotificationTestLog.quiet)
        let task = Task { try await group.run() }
        var port = 0
        for await p in ports { port = p }
        guard port > 0 else { throw ReceiverError.notListening }
        return RunningReceiver(receiver: receiver, port: port, group: group, task: task)
    }

    func stop() async {
        await receiver.release()
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    enum ReceiverError: Error { case notListening }
}

/// Log capture for the notification tests: every message with its metadata, as text.
final class NotificationTestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger at trace level that records into this capture.
    var logger: Logger {
        Logger(label: "notifications") { _ in CaptureHandler(log: self) }
    }

    static var quiet: Logger {
        var l = Logger(label: "notification-tests")
        l.logLevel = .critical
        return l
    }

    struct CaptureHandler: LogHandler {
        let log: NotificationTestLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append("\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
        }
    }
}

/// Alerts and stores for the notification tests.
enum NotificationFixture {
    static let secret = "whsec-7c1d0f4e9a2b83d5e6f1a0b9c8d7e6f5"
    static let t0: Int64 = 1_795_773_600_000  // 2026-11-27T10:00:00Z

    /// An alert as the repeated-destination detector raises it for SMS pumping to an Armenian range.
    static func draft(key: String = "repeated-destination|+37477001|2026-11-27T10", severity: String = "high") -> AlertDraft {
        AlertDraft(
            key: key, ruleID: "repeated-destination", title: "Repeated OTP sends to +374 77 00 1xxx from one caller",
            severity: severity, riskScore: 73, attack: ["T1496.003"], firstSeen: t0 - 540_000, lastSeen: t0 - 15_000, count: 41,
            entities: #"[["destination_prefix","+37477001"],["caller_arn","arn:aws:iam::111122223333:user/otp-svc"],["source_ip","198.51.100.23"]]"#,
            evidence: #"[["messages",41],["distinct_destinations",38],["window","9m"]]"#,
            summary: "41 SNS Publish calls to 38 numbers in +37477001xxx within 9 minutes; price per segment $0.21 & rising <spike>",
            sources: ["cloudtrail/111122223333_CloudTrail_us-east-1_20261127T1000Z.json.gz"])
    }

    static func configuration(_ sinks: [NotificationSink], retry: NotificationRetryPolicy = NotificationRetryPolicy()) -> NotificationConfiguration {
        var c = NotificationConfiguration()
        c.sinks = sinks
        c.retry = retry
        c.pollInterval = 0.05
        return c
    }

    static func webhook(_ url: URL, name: String = "soc-webhook", timeout: Double = 5) -> NotificationSink {
        NotificationSink(name: name, kind: .webhook, url: url, secret: Array(secret.utf8), timeout: timeout)
    }

    /// Stores the alert with outbox entries for the sinks its severity reaches; returns its record.
    static func raise<S: PumpwatchStore>(_ draft: AlertDraft, in store: S, configuration: NotificationConfiguration, at millis: Int64 = t0) async throws
        -> AlertRecord
    {
        try await store.upsertAlert(draft, notify: configuration.sinkNames(forSeverity: draft.severity), at: millis).alert
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }
}

final class NotificationHTTPPosterTests: XCTestCase {
    /// 2xx delivers; 5xx retries with the answer kept; the receiver sees the bytes and headers sent.
    func testPostsBytesAndHeadersAndSortsStatuses() async throws {
        let running = try await RunningReceiver.start([.init(status: .internalServerError, body: "upstream down"), .init(status: .accepted)])
        let poster = HTTPPoster()
        let first = await poster.post(Array("one".utf8), to: running.url(), headers: [("X-Test", "1")], timeout: 5)
        let second = await poster.post(Array("two".utf8), to: running.url(), headers: [], timeout: 5)
        poster.finish()
        await running.stop()
        XCTAssertEqual(first, .retry(reason: "HTTP 500", response: "upstream down", retryAfter: nil))
        XCTAssertEqual(second, .delivered(status: 202))
        let received = await running.receiver.received
        XCTAssertEqual(received.map(\.text), ["one", "two"])
        XCTAssertEqual(received.first?.headers[HTTPField.Name("X-Test")!], "1")
        XCTAssertEqual(received.first?.path, "/hook")
    }

    /// 429 with Retry-After is retried with the receiver's delay; 410 is rejected with at most 200 bytes of the answer.
    func testRateLimitIsRetriedAndGoneIsRejected() async throws {
        let long = String(repeating: "channel_is_archived ", count: 40)
        let running = try await RunningReceiver.start([
            .init(status: .tooManyRequests, body: "rate_limited", headers: [.retryAfter: "30"]), .init(status: .gone, body: long),
        ])
        let poster = HTTPPoster()
        let limited = await poster.post([], to: running.url(), headers: [], timeout: 5)
        let gone = await poster.post([], to: running.url(), headers: [], timeout: 5)
        poster.finish()
        await running.stop()
        XCTAssertEqual(limited, .retry(reason: "HTTP 429", response: "rate_limited", retryAfter: 30))
        guard case .rejected(let reason, let response) = gone else { return XCTFail("expected a rejection, got \(gone)") }
        XCTAssertEqual(reason, "HTTP 410")
        let excerpt = try XCTUnwrap(response)
        XCTAssertLessThanOrEqual(excerpt.utf8.count, HTTPPoster.responseExcerptLimit)
        XCTAssertTrue(long.hasPrefix(excerpt), excerpt)
    }

    /// A redirect is not followed: the body and its signature go only to the configured URL.
    func testRedirectsAreRejectedNotFollowed() async throws {
        let running = try await RunningReceiver.start([.init(status: .found, body: "", headers: [.location: "/elsewhere"]), .init(status: .ok)])
        let poster = HTTPPoster()
        let outcome = await poster.post(Array("{}".utf8), to: running.url(), headers: [], timeout: 5)
        poster.finish()
        await running.stop()
        guard case .rejected(let reason, _) = outcome else { return XCTFail("expected a rejection, got \(outcome)") }
        XCTAssertTrue(reason.hasPrefix("HTTP 302"), reason)
        let paths = await running.receiver.received.map(\.path)
        XCTAssertEqual(paths, ["/hook"])
    }

    /// A receiver that does not answer in time, and one that is not there, are both retried,
    /// and the reason names neither the URL nor anything sent.
    func testTimeoutsAndRefusedConnectionsAreRetried() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok)])
        await running.receiver.hold()
        let poster = HTTPPoster()
        let slow = await poster.post(Array("{}".utf8), to: running.url("/slow-hook"), headers: [], timeout: 0.3)
        await running.stop()
        let refused = await poster.post(Array("{}".utf8), to: URL(string: "http://127.0.0.1:1/refused-hook")!, headers: [], timeout: 5)
        poster.finish()
        guard case .retry(let slowReason, nil, nil) = slow else { return XCTFail("expected a retry, got \(slow)") }
        XCTAssertEqual(slowReason, "no answer within 0.3s")
        guard case .retry(let refusedReason, nil, nil) = refused else { return XCTFail("expected a retry, got \(refused)") }
        XCTAssertFalse(refusedReason.contains("hook"), refusedReason)
        XCTAssertFalse(refusedReason.contains("127.0.0.1"), refusedReason)
    }

    /// Cancelling the caller stops a request that is waiting for its answer, well before its timeout.
    func testCancellationStopsARequestInFlight() async throws {
        let running = try await RunningReceiver.start([.init(status: .ok)])
        await running.receiver.hold()
        let poster = HTTPPoster()
        let url = running.url("/held-hook")
        let started = ContinuousClock.now
        let task = Task { await poster.post(Array("{}".utf8), to: url, headers: [], timeout: 30) }
        await running.receiver.waitForRequests(1)
        task.cancel()
        let outcome = await task.value
        let elapsed = ContinuousClock.now - started
        await running.receiver.release()
        await running.stop()
        XCTAssertEqual(outcome, .cancelled)
        XCTAssertLessThan(elapsed, .seconds(10))
    }

    /// libcurl's result codes map to the reasons operators read, and only a URL that cannot be
    /// requested is rejected outright.
    func testCurlCodesMapToReasons() {
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 6, timeout: 5), .retry(reason: "host not found", response: nil, retryAfter: nil))
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 60, timeout: 5), .retry(reason: "server certificate not trusted", response: nil, retryAfter: nil))
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 35, timeout: 5), .retry(reason: "TLS handshake failed", response: nil, retryAfter: nil))
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 56, timeout: 5), .retry(reason: "connection lost", response: nil, retryAfter: nil))
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 99, timeout: 5), .retry(reason: "network error 99", response: nil, retryAfter: nil))
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 42, timeout: 5), .cancelled)
        XCTAssertEqual(HTTPPoster.outcome(curlCode: 1, timeout: 5), .rejected(reason: "the URL cannot be requested", response: nil))
        guard case .retry(let reason, nil, nil) = HTTPPoster.outcome(curlCode: -1, timeout: 5) else { return XCTFail("expected a retry") }
        XCTAssertTrue(reason.contains("libcurl"), reason)
    }

    /// A URL of a scheme other than HTTP or HTTPS is refused before anything is sent.
    func testOtherSchemesAreRejected() async {
        let outcome = await HTTPPoster().post(Array("{}".utf8), to: URL(string: "file:///etc/passwd")!, headers: [], timeout: 5)
        XCTAssertEqual(outcome, .rejected(reason: "the URL cannot be requested", response: nil))
    }

    func testExcerptKeepsWholeCharactersAndDropsControls() {
        let text = String(repeating: "é", count: 150)  // 300 bytes
        let excerpt = HTTPPoster.excerpt(Array(text.utf8))
        XCTAssertEqual(excerpt, String(repeating: "é", count: 100))
        XCTAssertEqual(HTTPPoster.excerpt(Array("line one\nline two\r\n".utf8)), "line one line two")
        XCTAssertNil(HTTPPoster.excerpt([]))
    }
}
