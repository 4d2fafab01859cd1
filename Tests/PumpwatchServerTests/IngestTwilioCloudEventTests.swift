import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class IngestTwilioCloudEventTests: XCTestCase {
    func testWebhookBatchKeepsEachEventsBytes() throws {
        let first = IngestFixtures.cloudEvent(id: "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", sid: "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", status: "sent")
        let second = IngestFixtures.cloudEvent(id: "EZ6b8f3d2a0c4e5f7b9d1c3e5a7f9b1d2f", sid: "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", status: "delivered")
        let events = try TwilioCloudEvent.batch(Array("[\n  \(first),\n  \(second)\n]".utf8))
        XCTAssertEqual(events.map(\.id), ["EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", "EZ6b8f3d2a0c4e5f7b9d1c3e5a7f9b1d2f"])
        XCTAssertEqual(events.map(\.type), ["com.twilio.messaging.message.sent", "com.twilio.messaging.message.delivered"])
        XCTAssertEqual(String(decoding: events[1].bytes, as: UTF8.self), second)
    }

    func testABadEventIsNamedByNumber() {
        let good = IngestFixtures.cloudEvent(id: "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", sid: "SM1", status: "sent")
        let noID = #"{"specversion":"1.0","type":"com.twilio.messaging.message.sent","source":"/x","data":{}}"#
        let notTwilio = #"{"specversion":"1.0","type":"com.example.thing","id":"1","data":{}}"#
        for (body, reason) in [("[\(good),\(noID)]", "the CloudEvent has no id"), ("[\(good),\(notTwilio)]", "CloudEvent type com.example.thing is not a Twilio event type")] {
            XCTAssertThrowsError(try TwilioCloudEvent.batch(Array(body.utf8))) { error in
                XCTAssertEqual((error as? IngestError)?.record, 2)
                XCTAssertEqual((error as? IngestError)?.reason, reason)
            }
        }
        XCTAssertThrowsError(try TwilioCloudEvent.batch(Array("[\(good),".utf8))) { XCTAssertEqual(($0 as? IngestError)?.kind, .malformed) }
        XCTAssertThrowsError(try TwilioCloudEvent.batch(Array("\"text\"".utf8)))
    }
}
