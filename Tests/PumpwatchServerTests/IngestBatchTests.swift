import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class IngestBatchTests: XCTestCase {
    func testIDsAreTheRecordsOwn() throws {
        var batch = IngestBatch(source: "test")
        let trail = IngestFixtures.cloudTrailPublish(eventID: "c7f1e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f")
        try batch.add(format: .cloudtrail, record: try JSONParser.parse(trail), bytes: Array(trail.utf8), number: 1)
        let event = IngestFixtures.cloudEvent(id: "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", sid: "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", status: "sent")
        try batch.add(format: .twilioEvents, record: try JSONParser.parse(event), bytes: Array(event.utf8), number: 2)
        let message = #"{"sid":"SM0a1b2c3d4e5f60718293a4b5c6d7e8f9","account_sid":"AC3f9e1c2b7d5a4e6f8091a2b3c4d5e6f7","to":"+37250001234","from":"+15017122661","status":"sent","date_created":"Thu, 20 Nov 2025 10:00:03 +0000","price":"-0.06450","price_unit":"USD"}"#
        try batch.add(format: .twilioMessages, record: try JSONParser.parse(message), bytes: Array(message.utf8), number: 3)
        let falcon = IngestFixtures.falconDNS(id: "ffffffff-1111-2222-3333-444444444444")
        try batch.add(format: .falcon, record: try JSONParser.parse(falcon), bytes: Array(falcon.utf8), number: 4)
        let ecs = #"{"@timestamp":"2025-11-20T10:00:00Z","event":{"id":"ecs-17","action":"otp-request"},"source":{"ip":"198.51.100.7"}}"#
        try batch.add(format: .ndjson, record: try JSONParser.parse(ecs), bytes: Array(ecs.utf8), number: 5)

        XCTAssertEqual(
            batch.records.map(\.eventID),
            ["c7f1e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f", "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9", IngestFixtures.bodySHA256(falcon), "ecs-17"])
        XCTAssertEqual(batch.records.map(\.body), [trail, event, message, falcon, ecs].map { Array($0.utf8) })
        XCTAssertEqual(batch.countByFormat, [.cloudtrail: 1, .twilioEvents: 1, .twilioMessages: 1, .falcon: 1, .ndjson: 1])
        XCTAssertEqual(batch.countsJSON, #"{"cloudtrail":1,"falcon":1,"ndjson":1,"twilio-events":1,"twilio-messages":1}"#)
    }

    func testARepeatedRecordIsCountedOnce() throws {
        var batch = IngestBatch(source: "test")
        let trail = IngestFixtures.cloudTrailPublish(eventID: "c7f1e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f")
        for n in 1...3 { try batch.add(format: .cloudtrail, record: try JSONParser.parse(trail), bytes: Array(trail.utf8), number: n) }
        XCTAssertEqual(batch.records.count, 1)
        XCTAssertEqual(batch.repeated, 2)
    }

    func testBatchShapesAreSplitIntoRecords() throws {
        var batch = IngestBatch(source: "test")
        let wrapped = "{\"Records\":[\(IngestFixtures.cloudTrailPublish(eventID: "e1")),\(IngestFixtures.cloudTrailPublish(eventID: "e2"))]}"
        try batch.add(format: .cloudtrail, record: try JSONParser.parse(wrapped), bytes: Array(wrapped.utf8), number: 1)
        let page = #"{"messages":[{"sid":"SM01","to":"+37250001234","from":"+15017122661","status":"sent","account_sid":"AC1","date_created":"Thu, 20 Nov 2025 10:00:03 +0000"},{"sid":"SM02","to":"+37250001235","from":"+15017122661","status":"sent","account_sid":"AC1","date_created":"Thu, 20 Nov 2025 10:00:04 +0000"}],"next_page_uri":null,"page":0,"page_size":50}"#
        try batch.add(format: .twilioMessages, record: try JSONParser.parse(page), bytes: Array(page.utf8), number: 2)
        let lakeRow = #"[{"eventID":"lake-1"},{"eventTime":"2025-11-20T10:00:03Z"},{"eventSource":"sns.amazonaws.com"},{"eventName":"Publish"},{"awsRegion":"us-east-1"},{"userIdentity.arn":"arn:aws:iam::111122223333:user/ops"}]"#
        try batch.add(format: .cloudtrail, record: try JSONParser.parse(lakeRow), bytes: Array(lakeRow.utf8), number: 3)
        try batch.add(format: .snsDelivery, record: try JSONParser.parse(IngestFixtures.subscriptionPayload(logEventIDs: ["l1", "l2"])), bytes: nil, number: 4)
        try batch.add(format: .snsDelivery, record: try JSONParser.parse(IngestFixtures.controlPayload), bytes: nil, number: 5)
        XCTAssertEqual(batch.records.map(\.eventID), ["e1", "e2", "SM01", "SM02", "lake-1", "l1", "l2"])
        XCTAssertEqual(try JSONParser.parse(batch.records[4].body)["userIdentity"]?["arn"], .string("arn:aws:iam::111122223333:user/ops"))
    }

    func testTheNormalizerDecidesWhatIsMalformed() throws {
        var batch = IngestBatch(source: "test")
        let noTime = #"{"eventVersion":"1.09","eventSource":"sns.amazonaws.com","eventName":"Publish","eventID":"x"}"#
        XCTAssertThrowsError(try batch.add(format: .cloudtrail, record: try JSONParser.parse(noTime), bytes: nil, number: 7)) { error in
            XCTAssertEqual((error as? IngestError)?.record, 7)
            XCTAssertEqual((error as? IngestError)?.reason, "the CloudTrail record has no eventTime")
        }
        let page = #"{"messages":[{"sid":"SM01","to":"+1","from":"+2","status":"sent","account_sid":"AC1"},"oops"]}"#
        XCTAssertThrowsError(try batch.add(format: .twilioMessages, record: try JSONParser.parse(page), bytes: nil, number: 2)) { error in
            XCTAssertEqual((error as? IngestError)?.reason, "messages[1]: a Twilio message must be a JSON object")
        }
        XCTAssertEqual(batch.records.count, 0)
    }

    func testOverlongIDsAreHashed() throws {
        var batch = IngestBatch(source: "test")
        let id = String(repeating: "z", count: 300)
        let ecs = "{\"event\":{\"id\":\"\(id)\"}}"
        try batch.add(format: .ndjson, record: try JSONParser.parse(ecs), bytes: Array(ecs.utf8), number: 1)
        XCTAssertEqual(batch.records.first?.eventID, IngestFixtures.bodySHA256(id))
    }
}
