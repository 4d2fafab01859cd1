import Foundation
import PumpwatchGuard
import XCTest

@testable import PumpwatchStore

/// What every `PumpwatchStore` must do, written once and run on SQLite and PostgreSQL.
/// Each check takes a freshly migrated, empty store.
enum StoreContract {
    static let minute: Int64 = 60_000
    static let t0: Int64 = 1_717_243_200_000  // 2024-06-01T12:00:00Z

    /// A repeated-destination alert on one Nigerian number, as the detector would report it.
    static func pumpingDraft(
        number: String = "+2348031234567", firstSeen: Int64? = t0, lastSeen: Int64? = t0 + 2 * minute, count: Int = 9,
        riskScore: Int = 72, severity: String = "high", rule: String = "repeated-destination"
    ) -> AlertDraft {
        AlertDraft(
            key: "\(rule)|destination=\(number)|\(t0 / (3600 * 1000))", ruleID: rule, title: "Repeated SMS to one destination",
            severity: severity, riskScore: riskScore, attack: ["T1496.003"], firstSeen: firstSeen, lastSeen: lastSeen, count: count,
            entities: #"[["destination","\#(number)"],["country","NG"]]"#,
            evidence: #"[["messages",\#(count)],["window","2m"],["threshold",8]]"#,
            summary: "\(count) SMS to \(number) within 2 minutes", sources: ["twilio/messages-2024-06-01.json"])
    }

    // MARK: - Alerts

    static func alertInsertDedupAndUpdate(_ store: some PumpwatchStore) async throws {
        let first = try await store.upsertAlert(pumpingDraft(), notify: [], at: t0 + 3 * minute)
        XCTAssertTrue(first.created)
        XCTAssertEqual(first.alert.state, .open)
        XCTAssertEqual(first.alert.occurrences, 1)
        XCTAssertEqual(first.alert.createdAt, t0 + 3 * minute)
        XCTAssertEqual(first.alert.updatedAt, t0 + 3 * minute)
        XCTAssertNil(first.alert.stateChangedBy)
        XCTAssertEqual(first.alert.draft, pumpingDraft())

        // The same key, seen again with a later last event and an earlier first event.
        var later = pumpingDraft(firstSeen: t0 - minute, lastSeen: t0 + 5 * minute, count: 14, riskScore: 85)
        later.evidence = #"[["messages",14],["window","2m"],["threshold",8]]"#
        later.summary = "14 SMS to +2348031234567 within 2 minutes"
        later.sources = ["twilio/messages-2024-06-01.json", "twilio/messages-2024-06-02.json"]
        later.title = "A different title the store must not take"
        let second = try await store.upsertAlert(later, notify: [], at: t0 + 6 * minute)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.alert.id, first.alert.id)
        XCTAssertEqual(second.alert.occurrences, 2)
        XCTAssertEqual(second.alert.draft.firstSeen, t0 - minute)
        XCTAssertEqual(second.alert.draft.lastSeen, t0 + 5 * minute)
        XCTAssertEqual(second.alert.draft.count, 14)
        XCTAssertEqual(second.alert.draft.riskScore, 85)
        XCTAssertEqual(second.alert.draft.evidence, later.evidence)
        XCTAssertEqual(second.alert.draft.summary, later.summary)
        XCTAssertEqual(second.alert.draft.sources, later.sources)
        XCTAssertEqual(second.alert.draft.title, "Repeated SMS to one destination")
        XCTAssertEqual(second.alert.createdAt, t0 + 3 * minute)
        XCTAssertEqual(second.alert.updatedAt, t0 + 6 * minute)

        // A report with an older window keeps the widest range; missing times keep the known ones.
        let third = try await store.upsertAlert(pumpingDraft(firstSeen: t0, lastSeen: nil, count: 3), notify: [], at: t0 + 7 * minute)
        XCTAssertEqual(third.alert.draft.firstSeen, t0 - minute)
        XCTAssertEqual(third.alert.draft.lastSeen, t0 + 5 * minute)
        XCTAssertEqual(third.alert.occurrences, 3)

        // A state set before an update survives it.
        _ = try await store.setAlertState(id: first.alert.id, to: .acknowledged, by: "oncall@example.com", note: nil, at: t0 + 8 * minute)
        let fourth = try await store.upsertAlert(pumpingDraft(), notify: [], at: t0 + 9 * minute)
        XCTAssertEqual(fourth.alert.state, .acknowledged)
        XCTAssertEqual(fourth.alert.stateChangedBy, "oncall@example.com")

        let fetched = try await store.alert(id: first.alert.id)
        XCTAssertEqual(fetched, fourth.alert)
        let missing = try await store.alert(id: first.alert.id + 1000)
        XCTAssertNil(missing)

        // Another key is another alert; text with quotes and non-ASCII round-trips as it is.
        var other = pumpingDraft(number: "+2348039999999")
        other.summary = "SMS to \"+234 803 999 9999\" — Lagos"
        other.sources = []
        other.attack = []
        let created = try await store.upsertAlert(other, notify: [], at: t0 + 10 * minute)
        XCTAssertTrue(created.created)
        XCTAssertNotEqual(created.alert.id, first.alert.id)
        XCTAssertEqual(created.alert.draft, other)
    }

    static func concurrentUpsertsOfOneKey(_ store: some PumpwatchStore) async throws {
        let results = try await withThrowingTaskGroup(of: AlertUpsert.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let draft = pumpingDraft(firstSeen: t0 + Int64(i) * minute, lastSeen: t0 + Int64(i + 10) * minute, count: 9 + i)
                    return try await store.upsertAlert(draft, notify: ["slack", "pagerduty"], at: t0 + Int64(20 + i) * minute)
                }
            }
            var all: [AlertUpsert] = []
            for try await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.filter(\.created).count, 1, "exactly one caller creates the alert")
        XCTAssertEqual(Set(results.map(\.alert.id)).count, 1)
        XCTAssertEqual(Set(results.map(\.alert.occurrences)), Set(1...8), "every upsert sees its own increment")
        let alerts = try await store.alerts(matching: AlertFilter())
        XCTAssertEqual(alerts.count, 1)
        XCTAssertEqual(alerts.first?.occurrences, 8)
        XCTAssertEqual(alerts.first?.draft.firstSeen, t0)
        XCTAssertEqual(alerts.first?.draft.lastSeen, t0 + 17 * minute)
        let outbox = try await store.notifications(state: nil, limit: 100)
        XCTAssertEqual(outbox.map(\.sink).sorted(), ["pagerduty", "slack"], "notifications are enqueued once, at creation")
    }

    static func alertFilters(_ store: some PumpwatchStore) async throws {
        let severities = ["info", "low", "medium", "high", "critical"]
        var ids: [String: Int64] = [:]
        for (i, severity) in severities.enumerated() {
            for rule in ["repeated-destination", "sequential-block"] {
                let draft = pumpingDraft(number: "+23480312345\(i)\(rule.count % 10)", severity: severity, rule: rule)
                let r = try await store.upsertAlert(draft, notify: [], at: t0 + Int64(i) * minute + (rule == "sequential-block" ? 30_000 : 0))
                ids["\(rule)/\(severity)"] = r.alert.id
            }
        }
        let all = try await store.alerts(matching: AlertFilter())
        XCTAssertEqual(all.count, 10)
        XCTAssertEqual(all.map(\.updatedAt), all.map(\.updatedAt).sorted(by: >), "newest updatedAt first")

        let recent = try await store.alerts(matching: AlertFilter(since: t0 + 3 * minute))
        XCTAssertEqual(Set(recent.map(\.draft.severity)), ["high", "critical"])
        XCTAssertEqual(recent.count, 4)

        let severe = try await store.alerts(matching: AlertFilter(minimumSeverity: "high"))
        XCTAssertEqual(severe.count, 4)
        XCTAssertTrue(severe.allSatisfy { ["high", "critical"].contains($0.draft.severity) })
        let medium = try await store.alerts(matching: AlertFilter(minimumSeverity: "MEDIUM"))
        XCTAssertEqual(medium.count, 6)

        let blocks = try await store.alerts(matching: AlertFilter(rule: "sequential-block"))
        XCTAssertEqual(blocks.count, 5)
        XCTAssertTrue(blocks.allSatisfy { $0.draft.ruleID == "sequential-block" })

        let lowID = try XCTUnwrap(ids["repeated-destination/low"])
        _ = try await store.setAlertState(id: lowID, to: .resolved, by: "analyst", note: "test traffic", at: t0 + 30 * minute)
        let resolved = try await store.alerts(matching: AlertFilter(state: .resolved))
        XCTAssertEqual(resolved.map(\.id), [lowID])
        let open = try await store.alerts(matching: AlertFilter(state: .open))
        XCTAssertEqual(open.count, 9)
        // The state change moved it to the top.
        let top = try await store.alerts(matching: AlertFilter(limit: 1))
        XCTAssertEqual(top.map(\.id), [lowID])

        let combined = try await store.alerts(
            matching: AlertFilter(since: t0 + minute, minimumSeverity: "medium", rule: "repeated-destination", state: .open, limit: 2))
        XCTAssertEqual(combined.map(\.draft.severity), ["critical", "high"])

        let limited = try await store.alerts(matching: AlertFilter(limit: 3))
        XCTAssertEqual(limited.count, 3)

        do {
            _ = try await store.alerts(matching: AlertFilter(minimumSeverity: "severe"))
            XCTFail("an unknown severity must be rejected")
        } catch let error as StoreError {
            XCTAssertEqual(error, .unknownSeverity("severe"))
        }
    }

    static func alertStateChanges(_ store: some PumpwatchStore) async throws {
        let alert = try await store.upsertAlert(pumpingDraft(), notify: [], at: t0).alert
        let acknowledged = try await store.setAlertState(
            id: alert.id, to: .acknowledged, by: "maria@example.com", note: "looking at the Twilio console", at: t0 + minute)
        XCTAssertEqual(acknowledged?.state, .acknowledged)
        XCTAssertEqual(acknowledged?.stateChangedBy, "maria@example.com")
        XCTAssertEqual(acknowledged?.stateChangedAt, t0 + minute)
        XCTAssertEqual(acknowledged?.note, "looking at the Twilio console")
        XCTAssertEqual(acknowledged?.updatedAt, t0 + minute)
        XCTAssertEqual(acknowledged?.occurrences, 1)

        let resolved = try await store.setAlertState(id: alert.id, to: .resolved, by: "sam", note: "geo-blocked +234 on the OTP endpoint", at: t0 + 2 * minute)
        XCTAssertEqual(resolved?.state, .resolved)
        XCTAssertEqual(resolved?.stateChangedBy, "sam")

        let reopened = try await store.setAlertState(id: alert.id, to: .open, by: "maria@example.com", note: nil, at: t0 + 3 * minute)
        XCTAssertEqual(reopened?.state, .open)
        XCTAssertNil(reopened?.note)
        expectEqual(try await store.alert(id: alert.id), reopened)

        let history = try await store.alertStateChanges(id: alert.id)
        XCTAssertEqual(
            history,
            [
                AlertStateChange(alertID: alert.id, state: .acknowledged, changedBy: "maria@example.com", changedAt: t0 + minute, note: "looking at the Twilio console"),
                AlertStateChange(alertID: alert.id, state: .resolved, changedBy: "sam", changedAt: t0 + 2 * minute, note: "geo-blocked +234 on the OTP endpoint"),
                AlertStateChange(alertID: alert.id, state: .open, changedBy: "maria@example.com", changedAt: t0 + 3 * minute, note: nil),
            ])

        let missing = try await store.setAlertState(id: alert.id + 99, to: .resolved, by: "sam", note: nil, at: t0)
        XCTAssertNil(missing)
        expectEqual(try await store.alertStateChanges(id: alert.id + 99), [])
    }

    // MARK: - Journal

    /// A CloudTrail management event as Firehose delivers it, one record.
    static func cloudTrailEntry(_ n: Int, receivedAt: Int64 = t0) -> JournalEntry {
        let eventID = String(format: "6b7c1d2e-%04x-4f5a-9b8c-7d6e5f4a3b%02x", n, n % 256)
        let body = """
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ci-deploy","accountId":"111122223333",\
            "accessKeyId":"AKIAIOSFODNN7EXAMPLE"},"eventTime":"2024-06-01T12:0\(n % 10):00Z","eventSource":"sns.amazonaws.com","eventName":"Publish",\
            "awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.\(n % 250)","userAgent":"aws-sdk-go/1.44.0",\
            "requestParameters":{"phoneNumber":"+23480312\(String(format: "%05d", n))","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},\
            "responseElements":{"messageId":"a1b2c3d4-\(n)"},"eventID":"\(eventID)","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """
        return JournalEntry(format: "cloudtrail", eventID: eventID, receivedAt: receivedAt, body: Array(body.utf8))
    }

    /// A Twilio Messages API resource.
    static func twilioEntry(sid: String, receivedAt: Int64 = t0) -> JournalEntry {
        let body = """
            {"sid":"\(sid)","account_sid":"AC00000000000000000000000000000000","to":"+2348031234567","from":"+447700900123",\
            "status":"delivered","direction":"outbound-api","price":"-0.2330","price_unit":"USD","num_segments":"1",\
            "date_created":"Sat, 01 Jun 2024 12:00:00 +0000","body":"Your code is 482913"}
            """
        return JournalEntry(format: "twilio-messages", eventID: sid, receivedAt: receivedAt, body: Array(body.utf8))
    }

    static func journalDedupAndPaging(_ store: some PumpwatchStore) async throws {
        let empty = try await store.appendToJournal([])
        XCTAssertEqual(empty, JournalAppend(accepted: 0, duplicates: 0, lastSequence: nil))

        // A batch repeating one record (a Firehose retry inside one request).
        let batch = [cloudTrailEntry(1), cloudTrailEntry(2), cloudTrailEntry(1), cloudTrailEntry(3)]
        let first = try await store.appendToJournal(batch)
        XCTAssertEqual(first.accepted, 3)
        XCTAssertEqual(first.duplicates, 1)
        let firstLast = try XCTUnwrap(first.lastSequence)

        // The same eventID under another format is another event; a re-sent record is a duplicate.
        let sid = "SM0123456789abcdef0123456789abcdef"
        let second = try await store.appendToJournal([cloudTrailEntry(2), twilioEntry(sid: sid), twilioEntry(sid: cloudTrailEntry(3).eventID)])
        XCTAssertEqual(second.accepted, 2)
        XCTAssertEqual(second.duplicates, 1)
        XCTAssertGreaterThan(try XCTUnwrap(second.lastSequence), firstLast)

        let allDuplicates = try await store.appendToJournal([cloudTrailEntry(1), twilioEntry(sid: sid)])
        XCTAssertEqual(allDuplicates, JournalAppend(accepted: 0, duplicates: 2, lastSequence: nil))
        expectEqual(try await store.journalCount(), 5)

        let everything = try await store.journal(after: 0, limit: 100)
        XCTAssertEqual(everything.map(\.eventID), [cloudTrailEntry(1).eventID, cloudTrailEntry(2).eventID, cloudTrailEntry(3).eventID, sid, cloudTrailEntry(3).eventID])
        XCTAssertEqual(everything.map(\.format), ["cloudtrail", "cloudtrail", "cloudtrail", "twilio-messages", "twilio-messages"])
        let sequences = everything.compactMap(\.sequence)
        XCTAssertEqual(sequences.count, 5)
        XCTAssertEqual(sequences, sequences.sorted())
        XCTAssertEqual(Set(sequences).count, 5)
        XCTAssertEqual(sequences.last, second.lastSequence)
        XCTAssertEqual(everything[0].body, cloudTrailEntry(1).body, "bodies are kept byte for byte")
        XCTAssertEqual(everything[3].body, twilioEntry(sid: sid).body)
        XCTAssertEqual(everything[0].receivedAt, t0)

        // Paging with the last sequence of each page visits every entry once, in order.
        let more = try await store.appendToJournal((10..<47).map { cloudTrailEntry($0, receivedAt: t0 + Int64($0)) })
        XCTAssertEqual(more.accepted, 37)
        var seen: [String] = []
        var after: Int64 = 0
        var pages = 0
        while true {
            let page = try await store.journal(after: after, limit: 10)
            if page.isEmpty { break }
            XCTAssertLessThanOrEqual(page.count, 10)
            seen += page.map(\.eventID)
            after = try XCTUnwrap(page.last?.sequence)
            pages += 1
        }
        XCTAssertEqual(pages, 5)
        XCTAssertEqual(seen.count, 42)
        let unpaged = try await store.journal(after: 0, limit: 1000)
        XCTAssertEqual(seen, unpaged.map(\.eventID))
        expectEqual(try await store.journal(after: after, limit: 10), [])
        expectEqual(try await store.journal(after: 0, limit: 0), [])
        expectEqual(try await store.journalCount(), 42)
    }

    static func journalPruning(_ store: some PumpwatchStore) async throws {
        expectEqual(try await store.pruneJournal(receivedBefore: t0 + 1_000, upTo: .max, limit: 100), 0)
        // Ten entries a second apart, then one received early again (a clock step back).
        let appended = try await store.appendToJournal(
            (0..<10).map { cloudTrailEntry(500 + $0, receivedAt: t0 + Int64($0) * 1000) } + [cloudTrailEntry(510, receivedAt: t0)])
        let last = try XCTUnwrap(appended.lastSequence)
        let sequences = try await store.journal(after: 0, limit: 100).compactMap(\.sequence)
        XCTAssertEqual(sequences.count, 11)

        // Nothing the rules have not read yet goes, however old.
        expectEqual(try await store.pruneJournal(receivedBefore: t0 + 5_000, upTo: sequences[1], limit: 100), 2)
        // At most `limit` at a time, oldest first.
        expectEqual(try await store.pruneJournal(receivedBefore: t0 + 5_000, upTo: last, limit: 2), 2)
        expectEqual(try await store.journal(after: 0, limit: 100).first?.sequence, sequences[4])
        // Stops at the first entry received at or after the cut, even if older ones follow it.
        expectEqual(try await store.pruneJournal(receivedBefore: t0 + 5_000, upTo: last, limit: 100), 1)
        let left = try await store.journal(after: 0, limit: 100)
        XCTAssertEqual(left.compactMap(\.sequence), Array(sequences[5...]))
        expectEqual(try await store.pruneJournal(receivedBefore: t0 + 100_000, upTo: last, limit: 100), 6)
        expectEqual(try await store.journalCount(), 0)

        // Sequences go on from where they were.
        let next = try await store.appendToJournal([cloudTrailEntry(600, receivedAt: t0 + 20_000)])
        XCTAssertGreaterThan(try XCTUnwrap(next.lastSequence), last)
    }

    // MARK: - Outbox

    static func outboxEnqueuedOnCreationOnly(_ store: some PumpwatchStore) async throws {
        let created = try await store.upsertAlert(pumpingDraft(), notify: ["slack", "webhook-soc"], at: t0)
        let updated = try await store.upsertAlert(pumpingDraft(count: 20), notify: ["slack", "webhook-soc"], at: t0 + minute)
        XCTAssertFalse(updated.created)
        let quiet = try await store.upsertAlert(pumpingDraft(number: "+2348030000000"), notify: [], at: t0 + 2 * minute)
        XCTAssertTrue(quiet.created)

        let outbox = try await store.notifications(state: nil, limit: 100)
        XCTAssertEqual(outbox.count, 2)
        XCTAssertTrue(outbox.allSatisfy { $0.alertID == created.alert.id && $0.state == .pending && $0.attempts == 0 })
        XCTAssertTrue(outbox.allSatisfy { $0.createdAt == t0 && $0.nextAttemptAt == t0 && $0.deliveredAt == nil && $0.lastError == nil })
        XCTAssertEqual(outbox.map(\.sink), ["webhook-soc", "slack"], "newest first")

        // Enqueuing by hand (a re-notification) adds entries; an unknown alert is an error.
        try await store.enqueueNotifications(alertID: quiet.alert.id, sinks: ["email"], at: t0 + 3 * minute)
        expectEqual(try await store.notifications(state: .pending, limit: 100).count, 3)
        do {
            try await store.enqueueNotifications(alertID: quiet.alert.id + 1000, sinks: ["email"], at: t0)
            XCTFail("enqueuing for an unknown alert must fail")
        } catch let error as StoreError {
            XCTAssertEqual(error, .alertNotFound(quiet.alert.id + 1000))
        }
        expectEqual(try await store.notifications(state: nil, limit: 100).count, 3)
        expectEqual(try await store.notifications(state: nil, limit: 2).count, 2)
    }

    static func outboxDueRetryAndDeadLetter(_ store: some PumpwatchStore) async throws {
        let alert = try await store.upsertAlert(pumpingDraft(), notify: ["slack", "pagerduty", "webhook-soc"], at: t0).alert
        expectEqual(try await store.dueNotifications(at: t0 - 1, limit: 10), [], "nothing is due before it was enqueued")
        let due = try await store.dueNotifications(at: t0, limit: 10)
        XCTAssertEqual(due.map(\.sink), ["slack", "pagerduty", "webhook-soc"], "oldest first")
        expectEqual(try await store.dueNotifications(at: t0, limit: 2).count, 2)
        let slack = due[0]
        let pagerduty = due[1]
        let webhook = due[2]
        XCTAssertEqual(slack.alertID, alert.id)

        try await store.markDelivered(slack.id, at: t0 + 1_000)
        try await store.markAttemptFailed(pagerduty.id, error: "HTTP 503 from events.pagerduty.com", retryAt: t0 + minute, at: t0 + 1_000)
        try await store.markAttemptFailed(webhook.id, error: "connection refused", retryAt: t0 + 30_000, at: t0 + 1_000)

        expectEqual(try await store.dueNotifications(at: t0 + 10_000, limit: 10), [])
        let retryWebhook = try await store.dueNotifications(at: t0 + 30_000, limit: 10)
        XCTAssertEqual(retryWebhook.map(\.id), [webhook.id])
        XCTAssertEqual(retryWebhook.first?.attempts, 1)
        XCTAssertEqual(retryWebhook.first?.lastError, "connection refused")
        XCTAssertEqual(retryWebhook.first?.nextAttemptAt, t0 + 30_000)
        expectEqual(try await store.dueNotifications(at: t0 + minute, limit: 10).map(\.id), [webhook.id, pagerduty.id], "longest waiting first")

        // The webhook gives up: the second failure without a retry time is a dead letter.
        try await store.markAttemptFailed(webhook.id, error: "HTTP 410 Gone", retryAt: nil, at: t0 + 31_000)
        try await store.markDelivered(pagerduty.id, at: t0 + minute + 500)
        expectEqual(try await store.dueNotifications(at: t0 + 3_600_000, limit: 10), [])

        let delivered = try await store.notifications(state: .delivered, limit: 10)
        XCTAssertEqual(Set(delivered.map(\.id)), [slack.id, pagerduty.id])
        let deliveredSlack = try XCTUnwrap(delivered.first { $0.id == slack.id })
        XCTAssertEqual(deliveredSlack.deliveredAt, t0 + 1_000)
        XCTAssertEqual(deliveredSlack.attempts, 0)
        let deliveredPager = try XCTUnwrap(delivered.first { $0.id == pagerduty.id })
        XCTAssertEqual(deliveredPager.attempts, 1)
        XCTAssertEqual(deliveredPager.deliveredAt, t0 + minute + 500)

        let failed = try await store.notifications(state: .failed, limit: 10)
        XCTAssertEqual(failed.map(\.id), [webhook.id])
        XCTAssertEqual(failed.first?.attempts, 2)
        XCTAssertEqual(failed.first?.lastError, "HTTP 410 Gone")
        XCTAssertNil(failed.first?.deliveredAt)
        expectEqual(try await store.notifications(state: .pending, limit: 10), [])

        do {
            try await store.markDelivered(webhook.id + 1000, at: t0)
            XCTFail("marking an unknown notification must fail")
        } catch let error as StoreError {
            XCTAssertEqual(error, .notificationNotFound(webhook.id + 1000))
        }
        do {
            try await store.markAttemptFailed(webhook.id + 1000, error: "x", retryAt: nil, at: t0)
            XCTFail("failing an unknown notification must fail")
        } catch let error as StoreError {
            XCTAssertEqual(error, .notificationNotFound(webhook.id + 1000))
        }
    }

    // MARK: - Decisions and checkpoints

    static func decisionsAndCheckpoints(_ store: some PumpwatchStore) async throws {
        let reasons = [
            Reason(signal: "number-hourly", detail: "7 requests to this number in the last hour, \"quoted\"", value: 7, threshold: 6, score: 40),
            Reason(signal: "conversion", detail: "rate", value: 0.125, threshold: 0.5, score: 20),
        ]
        var batch: [GuardDecisionRecord] = []
        for i in 0..<30 {
            let verdict: Verdict = i % 3 == 0 ? .block : .allow
            batch.append(
                GuardDecisionRecord(
                    time: t0 + Int64(i) * 1000, id: "req-\(i)", to: "+23480312345\(i % 10)", ip: "203.0.113.\(i)", user: i % 2 == 0 ? "u-\(i)" : nil,
                    purpose: "signup", channel: "sms", decision: verdict, policyDecision: verdict, riskScore: verdict == .block ? 90 : 10,
                    country: i % 2 == 0 ? "NG" : "GB", callingCode: "234", mode: .enforce, reasons: verdict == .block ? reasons : []))
        }
        try await store.recordDecisions(batch)
        try await store.recordDecisions([])

        let newest = try await store.decisions(matching: DecisionFilter(limit: 2))
        XCTAssertEqual(newest.map(\.id), ["req-29", "req-28"])
        let blocked = try await store.decisions(matching: DecisionFilter(decision: .block, limit: 100))
        XCTAssertEqual(blocked.count, 10)
        var expected = batch[27]
        expected.seq = blocked[0].seq
        XCTAssertEqual(blocked[0], expected)
        expectEqual(try await store.decisions(matching: DecisionFilter(since: t0 + 10_000, until: t0 + 20_000, country: "NG")).count, 5)
        expectEqual(try await store.decisions(matching: DecisionFilter(to: "+234803123453")).count, 3)
        let firstPage = try await store.decisions(matching: DecisionFilter(limit: 20))
        let secondPage = try await store.decisions(matching: DecisionFilter(before: firstPage.last?.seq, limit: 20))
        XCTAssertEqual(Set(firstPage.map(\.id) + secondPage.map(\.id)).count, 30)

        expectEqual(try await store.pruneDecisions(before: t0 + 10_000), 10)
        expectEqual(try await store.decisions(matching: DecisionFilter(limit: 100)).count, 20)

        expectNil(try await store.checkpoint(named: "guard"))
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: t0, state: Data([0, 1, 2, 255])))
        try await store.saveCheckpoint(StateCheckpoint(name: "watch:/var/log/cloudtrail", savedAt: t0, state: Data("offset=4096".utf8)))
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: t0 + 1, state: Data(repeating: 7, count: 100_000)))
        expectEqual(try await store.checkpoint(named: "guard"), StateCheckpoint(name: "guard", savedAt: t0 + 1, state: Data(repeating: 7, count: 100_000)))
        expectEqual(try await store.checkpoint(named: "watch:/var/log/cloudtrail")?.state, Data("offset=4096".utf8))
        try await store.ping()
    }
}
