import Foundation
import GRDB
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// Serve's continuous detection: journaled events become alerts once, across restarts.
final class DetectionServiceTests: XCTestCase {
    /// An SNS `Publish` to a number of the +4477009001xx block, as CloudTrail records it.
    static func publish(_ i: Int) -> JournalEntry {
        let id = "d0000000-0000-4000-8000-" + String(format: "%012d", i)
        let record = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/otp-app","accountId":"111122223333"},"eventTime":"2026-11-20T10:"#
            + String(format: "%02d", i) + #":00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"198.51.100."# + String(i + 1)
            + #"","userAgent":"aws-sdk-go/1.44","requestParameters":{"phoneNumber":"+4477009001"# + String(format: "%02d", i)
            + #""},"responseElements":{"messageId":"m-\#(i)"},"eventID":""# + id + #"","eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#
        return JournalEntry(format: "cloudtrail", eventID: id, receivedAt: Int64(Date().timeIntervalSince1970 * 1000), body: Array(record.utf8))
    }

    func service(_ store: SQLiteStore<DatabaseQueue>) throws -> DetectionService<SQLiteStore<DatabaseQueue>> {
        try DetectionService(store: store, configuration: DetectionConfiguration(), notifications: NotificationConfiguration(), metrics: nil, logger: Fixture.logger)
    }

    func testJournaledCampaignRaisesOneAlertAndARestartEvaluatesWhatWasNotYet() async throws {
        let store = try SQLiteStore(writer: DatabaseQueue())
        // Journaled, then the server stopped before evaluating them.
        _ = try await store.appendToJournal((0..<12).map(Self.publish))
        let first = try service(store)
        try await first.restore()
        let created = try await first.evaluateIfNeeded()
        let alerts = try await store.alerts(matching: AlertFilter(limit: 100))
        XCTAssertEqual(created, alerts.count)
        XCTAssertEqual(alerts.filter { $0.draft.ruleID == "builtin-sequential-block" }.count, 1, "the block raised its alert after the restart")

        // Another restart over the same journal: the alerts are updated, not repeated.
        let second = try service(store)
        try await second.restore()
        let again = try await second.evaluateIfNeeded()
        XCTAssertEqual(again, 0)
        let count = try await store.alerts(matching: AlertFilter(limit: 100)).count
        XCTAssertEqual(count, alerts.count)

        // Live: more of the block arrives through the ingest routes.
        let more = (12..<16).map(Self.publish)
        let appended = try await store.appendToJournal(more)
        XCTAssertEqual(appended.accepted, 4)
        second.journaled(upTo: appended.lastSequence)
        XCTAssertEqual(second.lag, 4, "journaled, not yet read")
        let fed = try await second.catchUp()
        XCTAssertEqual(fed, 4)
        XCTAssertEqual(second.lag, 0)
        let again2 = try await second.catchUp()
        XCTAssertEqual(again2, 0, "an entry is fed once")
        let live = try await second.evaluateIfNeeded()
        XCTAssertEqual(live, 0)
        let block = try await store.alerts(matching: AlertFilter(rule: "builtin-sequential-block", limit: 10))
        XCTAssertEqual(block.count, 1)
        XCTAssertEqual(block.first?.occurrences, 3)
        let idle = try await second.evaluateIfNeeded()
        XCTAssertEqual(idle, 0, "nothing new, nothing evaluated")
    }

    func testEvaluationsThatTakeLongAreSpacedOut() {
        let second: UInt64 = 1_000_000_000
        XCTAssertEqual(DetectionService<SQLiteStore<DatabaseQueue>>.pause(after: .milliseconds(20), interval: second), second)
        XCTAssertEqual(DetectionService<SQLiteStore<DatabaseQueue>>.pause(after: .milliseconds(1500), interval: second), 3 * second)
    }
}
