import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// `IngestRecordCheck` settles a record only when the full path (parse, format from the keys,
/// `Normalizer.validate`, the record's own id) would settle it the same way.
final class IngestRecordCheckTests: XCTestCase {
    static let origin = Origin(file: "POST /v1/events", line: 0, record: 1)

    /// What the full path makes of a line: the CloudTrail record's id when it is a valid single
    /// CloudTrail record, `.fullPath` otherwise.
    func fullPath(_ text: String, format: SourceFormat?) -> IngestRecordCheck.Outcome {
        guard let value = try? JSONParser.parse(Array(text.utf8)), value.objectMembers != nil else { return .fullPath }
        let effective = format ?? FormatDetector.format(ofRecord: value)
        guard effective == .cloudtrail, value["Records"] == nil, value["QueryResultRows"] == nil,
            (try? Normalizer.validate(format: .cloudtrail, record: value, origin: Self.origin)) == true
        else { return .fullPath }
        return .cloudTrail(eventID: MessagingFields.text(value["eventID"]))
    }

    static let settled: [(String, String?)] = [
        (CloudTrailValidationTests.publish, "5f1c0000-0000-4000-8000-000000000001"),
        (#"{"eventTime":"2026-11-20T10:00:00.123Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity"}"#, nil),
        (#"{"eventVersion":"1.08","eventTime":"2026-11-20 10:00:00","eventSource":"s","eventName":7,"eventID":""}"#, nil),
        (#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n","eventID":42}"#, "42"),
        (#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n","eventID":"caf\u00e9"}"#, "café"),
        (#"  {"eventName":"n","eventTime":"2026-11-20T10:00:00Z","awsRegion":"eu-west-1","eventSource":true}  "#, nil),
    ]

    func testSingleCloudTrailRecordsAreSettledAsTheFullPathSettlesThem() {
        for (text, id) in Self.settled {
            let outcome = IngestRecordCheck.shared.check(Array(text.utf8), format: nil)
            XCTAssertEqual(outcome, .cloudTrail(eventID: id), text)
            XCTAssertEqual(outcome, fullPath(text, format: nil), text)
        }
    }

    func testEverythingElseTakesTheFullPath() {
        let others = [
            // The normalizer's rejections, which the full path reports with their reason.
            #"{"eventTime":"yesterday","eventSource":"s","eventName":"n"}"#,
            #"{"eventTime":"","eventSource":"s","eventName":"n","eventVersion":"1"}"#,
            #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":{"a":1}}"#,
            #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":""}"#,
            // Repeated members, wrappers, other formats, not JSON, not an object.
            #"{"eventTime":"","eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n"}"#,
            #"{"Records":[{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n"}]}"#,
            #"{"event_simpleName":"DnsRequest","eventSource":"s","eventName":"n","eventTime":"2026-11-20T10:00:00Z"}"#,
            #"{"specversion":"1.0","type":"com.twilio.messaging.message.sent","eventSource":"s","eventName":"n","eventTime":"2026-11-20T10:00:00Z"}"#,
            #"{"sid":"SM1","to":"+1","from":"+2","status":"sent","account_sid":"AC1"}"#,
            #"{"level":"info"}"#,
            #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n""#,
            #"[{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n"}]"#,
            "192.0.2.1 - - [20/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
        ]
        for text in others {
            XCTAssertEqual(IngestRecordCheck.shared.check(Array(text.utf8), format: nil), .fullPath, text)
        }
    }

    /// Live ingest accepts 64 levels of nesting and checks a line the check settles no further.
    func testASettledRecordNestsNoDeeperThanIngestAccepts() {
        func record(_ depth: Int) -> [UInt8] {
            // The record's object, then `depth - 1` arrays under one member.
            let inner = String(repeating: "[", count: depth - 1) + "1" + String(repeating: "]", count: depth - 1)
            return Array(#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n","x":\#(inner)}"#.utf8)
        }
        XCTAssertEqual(IngestRecordCheck.maxDepth, 64)
        XCTAssertEqual(IngestRecordCheck.shared.check(record(64), format: nil), .cloudTrail(eventID: nil))
        XCTAssertEqual(IngestRecordCheck.shared.check(record(65), format: nil), .fullPath)
    }

    func testAGivenFormatDecides() {
        // Keys alone would not call this CloudTrail; `?format=cloudtrail` does, as on the full path.
        let text = #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n","eventID":"e1"}"#
        XCTAssertEqual(IngestRecordCheck.shared.check(Array(text.utf8), format: .cloudtrail), .cloudTrail(eventID: "e1"))
        XCTAssertEqual(fullPath(text, format: .cloudtrail), .cloudTrail(eventID: "e1"))
        let sparse = #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"n"}"#
        XCTAssertEqual(IngestRecordCheck.shared.check(Array(sparse.utf8), format: nil), .fullPath, "keys name no format")
        XCTAssertEqual(IngestRecordCheck.shared.check(Array(text.utf8), format: .falcon), .fullPath)
    }

    /// Every case of the normalizer's own validation tests, and each of them as NDJSON lines with
    /// the given format: the check never settles a record differently from the full path.
    func testNeverDisagreesWithTheFullPath() {
        for text in CloudTrailValidationTests.cases + Self.settled.map(\.0) {
            for format in [nil, SourceFormat.cloudtrail] {
                let outcome = IngestRecordCheck.shared.check(Array(text.utf8), format: format)
                if outcome != .fullPath { XCTAssertEqual(outcome, fullPath(text, format: format), text) }
            }
        }
    }
}
