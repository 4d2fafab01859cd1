import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class IngestFirehoseRequestTests: XCTestCase {
    func testDecodesTheDeliveryEnvelope() throws {
        let body = IngestFixtures.firehoseBody(requestID: "ed4acda5-034f-9f42-bba1-f29aea6d7d8f", records: [Array("hello".utf8), []])
        let request = try FirehoseRequest.decode(Array(body.utf8))
        XCTAssertEqual(request.requestID, "ed4acda5-034f-9f42-bba1-f29aea6d7d8f")
        XCTAssertEqual(request.timestamp, 1_763_632_860_123)
        XCTAssertEqual(request.records, [Array("hello".utf8), []])
    }

    func testEnvelopeErrorsNameTheMemberAndRecord() {
        func error(_ text: String) -> IngestError? {
            do {
                _ = try FirehoseRequest.decode(Array(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error(#"{"timestamp":1,"records":[]}"#)?.reason, "requestId: expected the request id")
        XCTAssertEqual(error(#"{"requestId":"r","timestamp":"x","records":[]}"#)?.reason, "timestamp: expected epoch milliseconds")
        let badBase64 = error(#"{"requestId":"r","timestamp":1,"records":[{"data":"aGVsbG8="},{"data":"not*base64"}]}"#)
        XCTAssertEqual(badBase64?.record, 2)
        XCTAssertEqual(badBase64?.kind, .malformed)
        XCTAssertNotNil(error("{\"requestId\":\"r\",\"timestamp\":1,\"records\":" + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "}"))
    }

    func testCloudWatchLogsRecordsBecomeOneDeliveryRecordPerLogEvent() throws {
        let payload = IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["38712651937810482671523891028374651928374651928374651", "38712651937810482671523891028374651928374651928374652"]))
        let request = FirehoseRequest(requestID: "r1", timestamp: 1, records: [payload, IngestFixtures.gzip(IngestFixtures.controlPayload)])
        let batch = try request.batch(decodedLimit: 1 << 20, source: "test")
        XCTAssertEqual(batch.records.map(\.format), [.snsDelivery, .snsDelivery])
        XCTAssertEqual(batch.records.map(\.eventID), ["38712651937810482671523891028374651928374651928374651", "38712651937810482671523891028374651928374651928374652"])
        let first = try JSONParser.parse(batch.records[0].body)
        XCTAssertEqual(first["owner"], .string("111122223333"))
        XCTAssertEqual(first["logEvents"]?.arrayElements?.count, 1)
        XCTAssertEqual(batch.countByFormat, [.snsDelivery: 2])
    }

    func testEventBridgeRecordsCarryCloudTrail() throws {
        let data = Array((IngestFixtures.eventBridgeCloudTrail(eventID: "3f1d2c4b-5a6e-4f7a-9b8c-1d2e3f4a5b6c") + "\n").utf8)
        let batch = try FirehoseRequest(requestID: "r", timestamp: 1, records: [data]).batch(decodedLimit: 1 << 20, source: "test")
        XCTAssertEqual(batch.records.count, 1)
        XCTAssertEqual(batch.records[0].format, .cloudtrail)
        XCTAssertEqual(batch.records[0].eventID, "3f1d2c4b-5a6e-4f7a-9b8c-1d2e3f4a5b6c")
        XCTAssertEqual(try JSONParser.parse(batch.records[0].body)["eventName"], .string("Publish"))
    }

    func testABadRecordFailsTheBatchWithItsNumber() {
        let bad = #"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"sns/us-east-1/111122223333/DirectPublishToPhoneNumber","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1763632803412,"message":"{not json"}]}"#
        let request = FirehoseRequest(
            requestID: "r", timestamp: 1,
            records: [IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["1"])), IngestFixtures.gzip(bad)])
        XCTAssertThrowsError(try request.batch(decodedLimit: 1 << 20, source: "test")) { error in
            let e = error as? IngestError
            XCTAssertEqual(e?.record, 2)
            XCTAssertTrue(e?.reason.hasPrefix("logEvents[0]: ") ?? false, e?.reason ?? "")
        }
    }

    func testEventBridgeEventsNotFromCloudTrailAreRefused() {
        let event = #"{"version":"0","id":"1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333","time":"2025-11-20T10:00:00Z","region":"us-east-1","resources":[],"detail":{"instance-id":"i-0abc","state":"running"}}"#
        XCTAssertThrowsError(try FirehoseRequest(requestID: "r", timestamp: 1, records: [Array(event.utf8)]).batch(decodedLimit: 1 << 20, source: "t")) {
            XCTAssertEqual(($0 as? IngestError)?.record, 1)
        }
    }

    func testInflatedDataIsHeldToTheLimit() {
        let big = IngestFixtures.gzip(Array(repeating: UInt8(ascii: " "), count: 200_000) + Array(IngestFixtures.controlPayload.utf8))
        XCTAssertThrowsError(try FirehoseRequest(requestID: "r", timestamp: 1, records: [big]).batch(decodedLimit: 100_000, source: "t")) {
            XCTAssertEqual(($0 as? IngestError)?.kind, .tooLarge)
        }
    }

    func testResponseBodyIsWhatFirehoseExpects() throws {
        let ok = FirehoseResponse(requestID: "ed4acda5-034f-9f42-bba1-f29aea6d7d8f", timestamp: 1_578_090_903_599)
        let okObject = try JSONSerialization.jsonObject(with: Data(ok.json)) as? [String: Any]
        XCTAssertEqual(okObject?["requestId"] as? String, "ed4acda5-034f-9f42-bba1-f29aea6d7d8f")
        XCTAssertEqual(okObject?["timestamp"] as? Int, 1_578_090_903_599)
        XCTAssertNil(okObject?["errorMessage"])
        let failed = FirehoseResponse(requestID: "r\"1", timestamp: 2, errorMessage: "record 2: \"bad\"")
        let failedObject = try JSONSerialization.jsonObject(with: Data(failed.json)) as? [String: Any]
        XCTAssertEqual(failedObject?["requestId"] as? String, "r\"1")
        XCTAssertEqual(failedObject?["errorMessage"] as? String, "record 2: \"bad\"")
    }
}
