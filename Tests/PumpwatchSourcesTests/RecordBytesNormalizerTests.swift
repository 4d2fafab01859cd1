import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Journaled records normalize to what the full normalizer gives, at least for the projected
/// fields, whether the fast path or the full path reads them.
final class RecordBytesNormalizerTests: XCTestCase {
    static let projection = FieldProjection(names: [
        "@timestamp", "event.action", "event.provider", "event.outcome", "source.ip", "aws.cloudtrail.user_identity.arn",
        "aws.cloudtrail.flattened.request_parameters.phoneNumber", "ComputerName", "DomainName", "#event_simpleName", "sms.to",
    ])

    static let records: [(SourceFormat, String)] = [
        (.cloudtrail, CloudTrailValidationTests.publish),
        (.cloudtrail, #"{"eventTime":"2026-11-20T10:00:01Z","eventSource":"sns.amazonaws.com","eventName":"Publish","errorCode":"AccessDenied","sourceIPAddress":"203.0.113.9","requestParameters":{"phoneNumber":"+23276123456"}}"#),
        // Repeated member: the fast path hands it to the full normalizer.
        (.cloudtrail, #"{"eventTime":"2026-11-20T10:00:02Z","eventTime":"2026-11-20T10:00:03Z","eventSource":"s","eventName":"n"}"#),
        (.falcon, #"{"event_simpleName":"DnsRequest","aid":"a1","timestamp":"1763632800000","ComputerName":"WEB-07","DomainName":"api.twilio.com"}"#),
        (.twilioMessages, #"{"sid":"SM01","account_sid":"AC01","to":"+23276123456","from":"+15005550006","status":"sent","date_created":"Fri, 20 Nov 2026 10:00:00 +0000","direction":"outbound-api"}"#),
    ]

    func testEventsMatchTheFullNormalizerWithinTheProjection() throws {
        let normalizer = RecordBytesNormalizer(projection: Self.projection)
        for (i, (format, text)) in Self.records.enumerated() {
            let found = try normalizer.events(format: format, bytes: Array(text.utf8), file: "journal:\(format.rawValue)", line: i + 1)
            let full = try Normalizer.events(format: format, record: try JSONParser.parse(Array(text.utf8)), origin: Origin(file: "journal", line: i + 1))
            XCTAssertEqual(found.count, full.count, text)
            for (a, b) in zip(found, full) {
                // Every projected field, as the full normalizer gives it; fields beyond the
                // projection may come along (the projector's constants, whole full-path events),
                // with the full normalizer's values.
                let projected = b.fields.filter { Self.projection.includes($0.key) }
                XCTAssertEqual(a.fields.filter { projected.keys.contains($0.key) }, projected, text)
                for (k, v) in a.fields { XCTAssertEqual(b.fields[k], v, "\(k) in \(text)") }
                XCTAssertEqual(a.origin.file, "journal:\(format.rawValue)")
                XCTAssertEqual(a.origin.line, i + 1)
            }
        }
    }

    func testAMalformedRecordThrowsWithItsPlace() {
        let normalizer = RecordBytesNormalizer(projection: Self.projection)
        for format in [SourceFormat.cloudtrail, .twilioEvents] {
            XCTAssertThrowsError(try normalizer.events(format: format, bytes: Array(#"{"eventTime":"#.utf8), file: "journal:x", line: 9)) { error in
                XCTAssertEqual((error as? MalformedRecord)?.origin.line, 9)
            }
        }
        XCTAssertThrowsError(try normalizer.events(format: .cloudtrail, bytes: Array(#"{"eventTime":"later","eventSource":"s","eventName":"n"}"#.utf8), file: "journal:x", line: 4)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, #"eventTime "later" is not a date"#)
        }
    }
}
