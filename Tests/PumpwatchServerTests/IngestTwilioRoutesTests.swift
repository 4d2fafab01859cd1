import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchCore
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// `POST /v1/twilio/status` and `POST /v1/twilio/events`.
final class IngestTwilioRoutesTests: XCTestCase {
    let sid = "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c"
    let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded; charset=utf-8"]

    func statusHeaders(url: String, params: [(String, String)], token: String = IngestFixtures.authToken) -> HTTPFields {
        var h = form
        h[IngestFixtures.signatureHeader] = IngestFixtures.twilioFormSignature(url: url, params: params, token: token)
        return h
    }

    // MARK: - Status callbacks

    func testSignedStatusCallbacksAreJournaledPerStatus() async throws {
        let url = "https://pumpwatch.example.com/v1/twilio/status"
        let sent = IngestFixtures.statusCallback(sid: sid, status: "sent")
        let delivered = IngestFixtures.statusCallback(sid: sid, status: "delivered")
        let requests = [(sent, 1, 0), (delivered, 1, 0), (delivered, 0, 1)].map { params, accepted, duplicates in
            (IngestFixtures.formBody(params), statusHeaders(url: url, params: params), accepted, duplicates)
        }
        let sid = self.sid
        try await IngestFixtures.withApp { client, store, journaled in
            for (body, headers, accepted, duplicates) in requests {
                try await client.execute(uri: "/v1/twilio/status", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let json = try IngestFixtures.json(response)
                    XCTAssertEqual(json["accepted"] as? Int, accepted)
                    XCTAssertEqual(json["duplicates"] as? Int, duplicates)
                }
            }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.format), ["twilio-messages", "twilio-messages"])
            XCTAssertEqual(stored.map(\.eventID), ["\(sid):sent", "\(sid):delivered"])
            let record = try JSONParser.parse(stored[1].body)
            XCTAssertEqual(record["sid"], .string(sid))
            XCTAssertEqual(record["status"], .string("delivered"))
            XCTAssertEqual(record["to"], .string("+37250001234"))
            XCTAssertEqual(record["date_updated"].flatMap { $0.string.flatMap(Timestamp.parse) }, IngestFixtures.now)
            let handed = await journaled.byFormat
            XCTAssertEqual(handed, ["twilio-messages": 2])
        }
    }

    func testForgedOrMissingSignatures() async throws {
        let url = "https://pumpwatch.example.com/v1/twilio/status"
        let params = IngestFixtures.statusCallback(sid: sid, status: "delivered")
        let body = IngestFixtures.formBody(params)
        let wrongToken = statusHeaders(url: url, params: params, token: "0000000000000000000000000000000a")
        let otherURL = statusHeaders(url: "https://attacker.example/v1/twilio/status", params: params)
        var tampered = params
        tampered[3].1 = "+88213000001"
        let tamperedBody = IngestFixtures.formBody(tampered)
        let genuine = statusHeaders(url: url, params: params)
        let form = self.form
        try await IngestFixtures.withApp { client, store, _ in
            for headers in [wrongToken, otherURL] {
                try await client.execute(uri: "/v1/twilio/status", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    XCTAssertEqual($0.status, .forbidden)
                }
            }
            try await client.execute(uri: "/v1/twilio/status", method: .post, headers: genuine, body: ByteBuffer(string: tamperedBody)) {
                XCTAssertEqual($0.status, .forbidden)
            }
            try await client.execute(uri: "/v1/twilio/status", method: .post, headers: form, body: ByteBuffer(string: body)) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            var bearerOnly = form
            bearerOnly[.authorization] = "Bearer \(IngestFixtures.bearer)"
            try await client.execute(uri: "/v1/twilio/status", method: .post, headers: bearerOnly, body: ByteBuffer(string: body)) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }

    func testTheSignedURLKeepsTheQueryAndDefaultsToTheHostHeader() async throws {
        var configuration = IngestFixtures.configuration()
        configuration.publicURL = nil
        let params = IngestFixtures.statusCallback(sid: sid, status: "sent")
        let headers = statusHeaders(url: "http://localhost/v1/twilio/status?tenant=eu-1", params: params)
        let publicHeaders = statusHeaders(url: "https://pumpwatch.example.com/v1/twilio/status?tenant=eu-1", params: params)
        let body = IngestFixtures.formBody(params)
        try await IngestFixtures.withApp(configuration) { client, _, _ in
            try await client.execute(uri: "/v1/twilio/status?tenant=eu-1", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/twilio/status?tenant=eu-1", method: .post, headers: publicHeaders, body: ByteBuffer(string: body)) {
                XCTAssertEqual($0.status, .forbidden)
            }
        }
    }

    func testASignedCallbackWithoutAMessageSidIsMalformed() async throws {
        let url = "https://pumpwatch.example.com/v1/twilio/status"
        let params = [("MessageStatus", "sent"), ("To", "+37250001234")]
        let headers = statusHeaders(url: url, params: params)
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/twilio/status", method: .post, headers: headers, body: ByteBuffer(string: IngestFixtures.formBody(params))) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(String(buffer: response.body).contains("no MessageSid"))
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }

    func testStatusCallbacksAreRefusedWithoutAnAuthToken() async throws {
        var configuration = IngestFixtures.configuration()
        configuration.twilioAuthToken = nil
        let params = IngestFixtures.statusCallback(sid: sid, status: "sent")
        let headers = statusHeaders(url: "https://pumpwatch.example.com/v1/twilio/status", params: params)
        try await IngestFixtures.withApp(configuration) { client, _, _ in
            try await client.execute(uri: "/v1/twilio/status", method: .post, headers: headers, body: ByteBuffer(string: IngestFixtures.formBody(params))) {
                XCTAssertEqual($0.status, .forbidden)
            }
        }
    }

    // MARK: - Event Streams

    var eventStreamsBody: String {
        "[" + [
            IngestFixtures.cloudEvent(id: "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", sid: sid, status: "sent"),
            IngestFixtures.cloudEvent(id: "EZ6b8f3d2a0c4e5f7b9d1c3e5a7f9b1d2f", sid: sid, status: "delivered"),
        ].joined(separator: ",") + "]"
    }

    func testEventStreamsSignedWithTheBodyDigest() async throws {
        let body = eventStreamsBody
        let digest = IngestFixtures.bodySHA256(body)
        let signature = IngestFixtures.twilioURLSignature(url: "https://pumpwatch.example.com/v1/twilio/events?bodySHA256=\(digest)")
        let headers: HTTPFields = [.contentType: "application/json", IngestFixtures.signatureHeader: signature]
        let tampered = body.replacingOccurrences(of: "+37250001234", with: "+88213000001")
        try await IngestFixtures.withApp { client, store, _ in
            let uri = "/v1/twilio/events?bodySHA256=\(digest)"
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(try IngestFixtures.json(response)["by_format"] as? [String: Int], ["twilio-events": 2])
            }
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(try IngestFixtures.json(response)["duplicates"] as? Int, 2)
            }
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: tampered)) { XCTAssertEqual($0.status, .forbidden) }
            try await client.execute(uri: "/v1/twilio/events", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                XCTAssertEqual($0.status, .forbidden)
            }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.eventID), ["EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", "EZ6b8f3d2a0c4e5f7b9d1c3e5a7f9b1d2f"])
            XCTAssertEqual(try JSONParser.parse(stored[1].body)["type"], .string("com.twilio.messaging.message.delivered"))
        }
    }

    func testEventStreamsWithTheSinksBasicCredentials() async throws {
        let body = eventStreamsBody
        func basic(_ user: String, _ password: String) -> HTTPFields {
            [.contentType: "application/json", .authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
        }
        let good = basic("twilio", IngestFixtures.sinkPassword)
        let wrong = basic("twilio", IngestFixtures.sinkPassword + "x")
        let wrongUser = basic("twilia", IngestFixtures.sinkPassword)
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/twilio/events", method: .post, headers: good, body: ByteBuffer(string: body)) { XCTAssertEqual($0.status, .ok) }
            for headers in [wrong, wrongUser] {
                try await client.execute(uri: "/v1/twilio/events", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    XCTAssertEqual($0.status, .forbidden)
                }
            }
            try await client.execute(uri: "/v1/twilio/events", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(response.headers[.wwwAuthenticate], "Basic realm=\"pumpwatch\"")
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 2)
        }
    }

    func testABadCloudEventRejectsTheBatch() async throws {
        let good = IngestFixtures.cloudEvent(id: "EZ5a7e2c1f9b3d4e6a8c0b2d4f6e8a0c1e", sid: sid, status: "sent")
        let body = "[\(good),{\"specversion\":\"1.0\",\"type\":\"com.twilio.messaging.message.sent\",\"data\":{}}]"
        let headers: HTTPFields = [
            .contentType: "application/json", .authorization: "Basic " + Data("twilio:\(IngestFixtures.sinkPassword)".utf8).base64EncodedString(),
        ]
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/twilio/events", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(String(buffer: response.body).contains("record 2: the CloudEvent has no id"))
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }
}
