import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// `CloudTrailNormalizer.validate` (the check live ingest runs on every record) accepts exactly
/// the records `event(record:origin:)` maps, and rejects the others with the same reason.
final class CloudTrailValidationTests: XCTestCase {
    static let origin = Origin(file: "POST /v1/events", line: 0, record: 3)

    static let publish = #"""
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/otp-app","accountId":"111122223333"},"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","requestParameters":{"phoneNumber":"+447700900123"},"eventID":"5f1c0000-0000-4000-8000-000000000001"}
        """#

    /// Records around every check `event` makes: empty values (removed before fields are looked
    /// up), duplicate keys, non-scalar and unparsable times, missing names and sources.
    static let cases: [String] = [
        publish,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity"}"#,
        #"{"eventTime":1763632800000,"eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":true,"eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":"","eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":"","eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":null,"eventTime":"yesterday","eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":"yesterday","eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":{"at":"2026-11-20T10:00:00Z"},"eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":{"at":""},"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":["2026-11-20T10:00:00Z"],"eventSource":"s","eventName":"n"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":""}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s","eventName":[]}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"n"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"n","eventSource":{"a":[null,""]}}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"n","eventSource":7}"#,
        #"{}"#,
        #"{"a":null,"b":"","c":{"d":[]}}"#,
        #"{"a":1}"#,
        #"[1,2]"#,
        #""2026-11-20T10:00:00Z""#,
        #"null"#,
    ]

    func testValidateAgreesWithTheNormalizer() throws {
        for text in Self.cases {
            let record = try JSONParser.parse(Array(text.utf8))
            let expected: String?
            do {
                _ = try CloudTrailNormalizer.event(record: record, origin: Self.origin)
                expected = nil
            } catch {
                expected = error.reason
            }
            let found: String?
            do {
                try CloudTrailNormalizer.validate(record: record, origin: Self.origin)
                found = nil
            } catch {
                XCTAssertEqual(error.origin, Self.origin, text)
                found = error.reason
            }
            XCTAssertEqual(found, expected, text)
        }
    }

    func testNormalizerValidateTakesTheFastPathOnlyForSingleRecords() throws {
        let single = try JSONParser.parse(Array(Self.publish.utf8))
        XCTAssertTrue(try Normalizer.validate(format: .cloudtrail, record: single, origin: Self.origin))
        // A Records document is normalized record by record: a bad second record is found.
        let document = try JSONParser.parse(Array(#"{"Records":[\#(Self.publish),{"eventTime":"never","eventSource":"s","eventName":"n"}]}"#.utf8))
        XCTAssertThrowsError(try Normalizer.validate(format: .cloudtrail, record: document, origin: Self.origin)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, #"eventTime "never" is not a date"#)
            XCTAssertEqual((error as? MalformedRecord)?.origin.record, 3)
        }
        let empty = try JSONParser.parse(Array(#"{"Records":[]}"#.utf8))
        XCTAssertFalse(try Normalizer.validate(format: .cloudtrail, record: empty, origin: Self.origin), "no records, no events")
    }
}
