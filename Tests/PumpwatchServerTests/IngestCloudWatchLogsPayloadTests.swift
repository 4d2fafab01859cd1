import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class IngestCloudWatchLogsPayloadTests: XCTestCase {
    func testGzipPayloadDecodes() throws {
        let payloads = try CloudWatchLogsPayload.decode(IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["a1", "a2"])), decodedLimit: 1 << 20)
        XCTAssertEqual(payloads.count, 1)
        let p = payloads[0]
        XCTAssertEqual(p.messageType, .data)
        XCTAssertEqual(p.owner, "111122223333")
        XCTAssertEqual(p.logGroup, "sns/us-east-1/111122223333/DirectPublishToPhoneNumber")
        XCTAssertEqual(p.subscriptionFilters, ["pumpwatch-sms-delivery"])
        XCTAssertEqual(p.logEvents.map(\.id), ["a1", "a2"])
        XCTAssertEqual(p.logEvents.map(\.timestamp), [1_763_632_803_412, 1_763_632_803_413])
        XCTAssertTrue(p.logEvents[0].message.hasPrefix(#"{"notification":"#))
    }

    func testConcatenatedMembersAreReadInTurn() throws {
        let bytes = IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["a1"])) + IngestFixtures.gzip(IngestFixtures.controlPayload)
        let payloads = try CloudWatchLogsPayload.decode(bytes, decodedLimit: 1 << 20)
        XCTAssertEqual(payloads.map(\.messageType), [.data, .control])
    }

    func testSingleEventDocumentsKeepTheContext() throws {
        let p = try CloudWatchLogsPayload.decode(Array(IngestFixtures.subscriptionPayload(logEventIDs: ["a1", "a2"]).utf8), decodedLimit: 1 << 20)[0]
        let docs = p.singleEventDocuments()
        XCTAssertEqual(docs.map(\.id), ["a1", "a2"])
        XCTAssertEqual(docs[1].value["logGroup"], .string("sns/us-east-1/111122223333/DirectPublishToPhoneNumber"))
        XCTAssertEqual(docs[1].value["logEvents"]?.arrayElements?.first?["id"], .string("a2"))
    }

    func testMalformedPayloadsAreRefused() {
        let cases = [
            #"{"messageType":"DATA","logEvents":[]}"#,
            #"{"owner":"1","logEvents":[]}"#,
            #"{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1}]}"#,
            #"{"messageType":"DATA_MESSAGE"}"#,
            "[1, 2]",
        ]
        for text in cases {
            XCTAssertThrowsError(try CloudWatchLogsPayload.decode(Array(text.utf8), decodedLimit: 1 << 20), text)
        }
        var damaged = IngestFixtures.gzip(IngestFixtures.controlPayload)
        damaged.removeLast(12)
        XCTAssertThrowsError(try CloudWatchLogsPayload.decode(damaged, decodedLimit: 1 << 20)) {
            XCTAssertEqual(($0 as? IngestError)?.kind, .malformed)
        }
    }
}
