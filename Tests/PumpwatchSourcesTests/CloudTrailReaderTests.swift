import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class CloudTrailReaderTests: XCTestCase {
    let reader = CloudTrailReader()

    func testRecordsFileYieldsOneEventPerRecord() throws {
        let text = "{\"Records\": [\n" + ["e1", "e2", "e3"].map { Fixture.cloudTrailRecord(id: $0) }.joined(separator: ",\n") + "\n]}\n"
        let outcome = try Fixture.read(reader, text, layout: .arrayUnderKey("Records"))
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map { $0["event.id"] }, [.string("e1"), .string("e2"), .string("e3")])
        XCTAssertEqual(outcome.events.map(\.origin), (1...3).map { Origin(file: "mem.json", line: $0 + 1, record: $0) })
        XCTAssertEqual(outcome.events.first?["event.action"], .string("Publish"))
        XCTAssertEqual(outcome.events.first?.timestampMillis, Timestamp.parse("2026-11-20T10:00:00Z"))
        XCTAssertTrue(outcome.events.allSatisfy { $0.format == .cloudtrail })
    }

    func testNDJSONAndPlainArray() throws {
        let lines = Fixture.cloudTrailRecord(id: "e1") + "\n" + Fixture.cloudTrailRecord(id: "e2", name: "ForgotPassword")
        let ndjson = try Fixture.read(reader, lines, layout: .lines)
        XCTAssertEqual(ndjson.events.map { $0["event.action"] }, [.string("Publish"), .string("ForgotPassword")])
        XCTAssertEqual(ndjson.events.map(\.origin), [Origin(file: "mem.json", line: 1), Origin(file: "mem.json", line: 2)])
        let array = try Fixture.read(reader, "[" + Fixture.cloudTrailRecord(id: "e1") + "," + Fixture.cloudTrailRecord(id: "e2") + "]", layout: .array)
        XCTAssertEqual(array.events.map(\.origin.record), [1, 2])
    }

    func testCloudTrailLakeQueryResultRowsAreMergedIntoRecords() throws {
        let text = """
            {
                "QueryStatus": "FINISHED",
                "QueryStatistics": {"ResultsCount": 2, "TotalResultsCount": 2, "BytesScanned": 4096},
                "QueryResultRows": [
                    [{"eventID": "l1"}, {"eventTime": "2026-11-20 10:00:00.000"}, {"eventSource": "sns.amazonaws.com"}, {"eventName": "Publish"}, {"awsRegion": "us-east-1"}, {"sourceIPAddress": "203.0.113.10"}],
                    [{"eventID": "l2"}, {"eventTime": "2026-11-20 10:01:00.000"}, {"eventSource": "cognito-idp.amazonaws.com"}, {"eventName": "SignUp"}, {"awsRegion": "eu-west-1"}, {"sourceIPAddress": "198.51.100.4"}]
                ]
            }
            """
        let outcome = try Fixture.read(reader, text, layout: .arrayUnderKey("QueryResultRows"))
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map { $0["event.id"] }, [.string("l1"), .string("l2")])
        XCTAssertEqual(outcome.events.map { $0["event.provider"] }, [.string("sns.amazonaws.com"), .string("cognito-idp.amazonaws.com")])
        XCTAssertEqual(outcome.events.map { $0["cloud.region"] }, [.string("us-east-1"), .string("eu-west-1")])
        XCTAssertEqual(outcome.events.map(\.origin), [Origin(file: "mem.json", line: 5, record: 1), Origin(file: "mem.json", line: 6, record: 2)])
    }

    func testMergingAResultRowNestsDottedColumnNames() throws {
        let row: [JSONValue] = [
            .object([("eventID", .string("l1"))]),
            .object([("userIdentity.arn", .string("arn:aws:iam::123456789012:user/ops"))]),
            .object([("userIdentity.type", .string("IAMUser"))]),
        ]
        let merged = try CloudTrailReader.mergeQueryResultRow(row, origin: Origin(file: "f", line: 1))
        XCTAssertEqual(merged, .object([
            ("eventID", .string("l1")),
            ("userIdentity", .object([("arn", .string("arn:aws:iam::123456789012:user/ops")), ("type", .string("IAMUser"))])),
        ]))
        XCTAssertThrowsError(try CloudTrailReader.mergeQueryResultRow([.string("x")], origin: Origin(file: "f", line: 1)))
    }
}
