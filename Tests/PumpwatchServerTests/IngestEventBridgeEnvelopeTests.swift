import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class IngestEventBridgeEnvelopeTests: XCTestCase {
    func testCloudTrailDetail() throws {
        let value = try JSONParser.parse(IngestFixtures.eventBridgeCloudTrail(eventID: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"))
        XCTAssertTrue(EventBridgeEnvelope.isEnvelope(value))
        let envelope = try EventBridgeEnvelope(json: value)
        XCTAssertEqual(envelope.detailType, "AWS API Call via CloudTrail")
        XCTAssertEqual(envelope.source, "aws.sns")
        XCTAssertEqual(envelope.account, "111122223333")
        XCTAssertEqual(envelope.region, "us-east-1")
        let record = try envelope.cloudTrailRecord()
        XCTAssertEqual(record["eventID"], .string("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"))
        XCTAssertEqual(record["requestParameters"]?["phoneNumber"], .string("+37250001234"))
    }

    func testOtherEventsAreNotCloudTrail() throws {
        let value = try JSONParser.parse(#"{"version":"0","id":"1","detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#)
        let envelope = try EventBridgeEnvelope(json: value)
        XCTAssertFalse(envelope.isCloudTrail)
        XCTAssertThrowsError(try envelope.cloudTrailRecord())
        XCTAssertFalse(EventBridgeEnvelope.isEnvelope(try JSONParser.parse(IngestFixtures.cloudTrailPublish(eventID: "x"))))
        XCTAssertThrowsError(try EventBridgeEnvelope(json: try JSONParser.parse(#"{"detail-type":"x","source":"y","detail":"text"}"#)))
    }
}
