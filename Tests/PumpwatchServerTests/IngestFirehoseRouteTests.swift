import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchCore
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// `POST /v1/aws/firehose`.
final class IngestFirehoseRouteTests: XCTestCase {
    let requestID = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f"

    func headers(requestID: String? = nil, key: String? = IngestFixtures.firehoseKey) -> HTTPFields {
        var h: HTTPFields = [.contentType: "application/json", IngestFixtures.requestIDHeader: requestID ?? self.requestID]
        h[Name("X-Amz-Firehose-Protocol-Version")!] = "1.0"
        h[Name("X-Amz-Firehose-Source-Arn")!] = "arn:aws:firehose:us-east-1:111122223333:deliverystream/pumpwatch-sms-delivery"
        if let key { h[IngestFixtures.accessKeyHeader] = key }
        return h
    }

    typealias Name = HTTPFields.Element.Name

    static func firehoseJSON(_ response: TestResponse) throws -> (id: String?, timestamp: Int?, error: String?) {
        let o = try IngestFixtures.json(response)
        XCTAssertEqual(response.headers[.contentType], "application/json")
        return (o["requestId"] as? String, o["timestamp"] as? Int, o["errorMessage"] as? String)
    }

    var deliveryBody: String {
        IngestFixtures.firehoseBody(
            requestID: requestID,
            records: [
                IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["38712651937810482671523891028374651928374651928374651", "38712651937810482671523891028374651928374651928374652"])),
                IngestFixtures.gzip(IngestFixtures.controlPayload),
                IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["38712651937810482671523891028374651928374651928374653"])),
            ])
    }

    func testCloudWatchLogsDeliveryIsJournaledAndAcknowledged() async throws {
        let body = deliveryBody
        let headers = self.headers()
        let requestID = self.requestID
        try await IngestFixtures.withApp { client, store, journaled in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let answer = try Self.firehoseJSON(response)
                    XCTAssertEqual(answer.id, requestID)
                    XCTAssertEqual(answer.timestamp, Int(IngestFixtures.now))
                    XCTAssertNil(answer.error)
                }
            }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.format), ["sns-delivery", "sns-delivery", "sns-delivery"])
            XCTAssertEqual(stored.map(\.eventID).last, "38712651937810482671523891028374651928374651928374653")
            let doc = try JSONParser.parse(stored[0].body)
            XCTAssertEqual(doc["logGroup"], .string("sns/us-east-1/111122223333/DirectPublishToPhoneNumber"))
            let calls = await journaled.calls
            XCTAssertEqual(calls, 1)
        }
    }

    func testEventBridgeCloudTrailAndAGzipBody() async throws {
        let records = [
            Array((IngestFixtures.eventBridgeCloudTrail(eventID: "3f1d2c4b-5a6e-4f7a-9b8c-1d2e3f4a5b6c") + "\n").utf8),
            Array(IngestFixtures.eventBridgeCloudTrail(eventID: "4a2e3d5c-6b7f-4a8b-8c9d-2e3f4a5b6c7d", phone: "+88213000001").utf8),
        ]
        let gz = IngestFixtures.gzip(IngestFixtures.firehoseBody(requestID: requestID, records: records))
        var gzipHeaders = self.headers()
        gzipHeaders[.contentEncoding] = "gzip"
        let headers = gzipHeaders
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(bytes: gz)) { XCTAssertEqual($0.status, .ok) }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.format), ["cloudtrail", "cloudtrail"])
            XCTAssertEqual(stored.map(\.eventID), ["3f1d2c4b-5a6e-4f7a-9b8c-1d2e3f4a5b6c", "4a2e3d5c-6b7f-4a8b-8c9d-2e3f4a5b6c7d"])
            XCTAssertEqual(try JSONParser.parse(stored[1].body)["requestParameters"]?["phoneNumber"], .string("+88213000001"))
        }
    }

    func testAccessKeysAreChecked() async throws {
        let body = deliveryBody
        let missing = headers(key: nil)
        let wrong = headers(key: IngestFixtures.firehoseKey + "0")
        var withBearer = missing
        withBearer[.authorization] = "Bearer \(IngestFixtures.bearer)"
        let bearerOnly = withBearer
        let requestID = self.requestID
        try await IngestFixtures.withApp { client, store, _ in
            for (headers, status) in [(missing, HTTPResponse.Status.unauthorized), (wrong, .forbidden), (bearerOnly, .unauthorized)] {
                try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, status)
                    let answer = try Self.firehoseJSON(response)
                    XCTAssertEqual(answer.id, requestID)
                    XCTAssertNotNil(answer.error)
                }
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }

    func testABadRecordFailsTheDeliveryWhole() async throws {
        let badSNS = #"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"sns/us-east-1/111122223333/DirectPublishToPhoneNumber","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"9","timestamp":1763632803412,"message":"SMS sent"}]}"#
        let body = IngestFixtures.firehoseBody(
            requestID: requestID,
            records: [IngestFixtures.gzip(IngestFixtures.subscriptionPayload(logEventIDs: ["1"])), IngestFixtures.gzip(badSNS)])
        let notBase64 = "{\"requestId\":\"\(requestID)\",\"timestamp\":1763632860123,\"records\":[{\"data\":\"%%%\"}]}"
        let headers = self.headers()
        try await IngestFixtures.withApp { client, store, journaled in
            try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .badRequest)
                let error = try Self.firehoseJSON(response).error ?? ""
                XCTAssertTrue(error.hasPrefix("record 2: logEvents[0]: "), error)
            }
            try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: notBase64)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(try Self.firehoseJSON(response).error?.hasPrefix("record 1: ") ?? false)
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
            let calls = await journaled.calls
            XCTAssertEqual(calls, 0)
        }
    }

    func testRequestIDsMustAgree() async throws {
        let body = deliveryBody
        let headers = self.headers(requestID: "aaaaaaaa-0000-4000-8000-000000000000")
        try await IngestFixtures.withApp { client, _, _ in
            try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual(try Self.firehoseJSON(response).id, "ed4acda5-034f-9f42-bba1-f29aea6d7d8f")
            }
        }
    }

    func testOversizedDeliveriesGet413InFirehosesShape() async throws {
        var configuration = IngestFixtures.configuration()
        configuration.bodyLimit = 2048
        let records = (0..<40).map { Array(IngestFixtures.eventBridgeCloudTrail(eventID: "id-\($0)").utf8) }
        let body = IngestFixtures.firehoseBody(requestID: requestID, records: records)
        let headers = self.headers()
        let requestID = self.requestID
        try await IngestFixtures.withApp(configuration) { client, _, _ in
            try await client.execute(uri: "/v1/aws/firehose", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                let answer = try Self.firehoseJSON(response)
                XCTAssertEqual(answer.id, requestID)
                XCTAssertNotNil(answer.error)
            }
        }
    }
}
