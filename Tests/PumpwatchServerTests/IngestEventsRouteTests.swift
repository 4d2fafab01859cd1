import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchCore
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// `POST /v1/events`.
final class IngestEventsRouteTests: XCTestCase {
    let bearer: HTTPFields = [.authorization: "Bearer \(IngestFixtures.bearer)", .contentType: "application/x-ndjson"]
    let trailID = "c7f1e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f"

    var ndjson: String {
        [
            IngestFixtures.cloudTrailPublish(eventID: trailID),
            IngestFixtures.falconDNS(id: "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a"),
            IngestFixtures.falconDNS(id: "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", domain: "verify.twilio.com"),
        ].joined(separator: "\n") + "\n"
    }

    func testNDJSONOfSeveralFormatsIsJournaled() async throws {
        let ndjson = self.ndjson
        let bearer = self.bearer
        let trailID = self.trailID
        try await IngestFixtures.withApp { client, store, journaled in
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: ndjson)) { response in
                XCTAssertEqual(response.status, .ok)
                let body = try IngestFixtures.json(response)
                XCTAssertEqual(body["accepted"] as? Int, 3)
                XCTAssertEqual(body["duplicates"] as? Int, 0)
                XCTAssertEqual(body["by_format"] as? [String: Int], ["cloudtrail": 1, "falcon": 2])
            }
            let stored = try await store.journal(after: 0, limit: 10)
            let lines = ndjson.split(separator: "\n").map(String.init)
            XCTAssertEqual(stored.map(\.format), ["cloudtrail", "falcon", "falcon"])
            XCTAssertEqual(stored.map(\.eventID), [trailID, IngestFixtures.bodySHA256(lines[1]), IngestFixtures.bodySHA256(lines[2])])
            XCTAssertEqual(stored.map(\.body), lines.map { Array($0.utf8) })
            XCTAssertEqual(stored.map(\.receivedAt), [IngestFixtures.now, IngestFixtures.now, IngestFixtures.now])
            let handed = await journaled.batches
            XCTAssertEqual(handed.map(\.append), [JournalAppend(accepted: 3, duplicates: 0, lastSequence: stored.last?.sequence)])
            XCTAssertEqual(handed.map(\.countByFormat), [[.cloudtrail: 1, .falcon: 2]])
        }
    }

    func testARetriedBatchIsCountedAsDuplicates() async throws {
        let ndjson = self.ndjson
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, journaled in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: ndjson)) { XCTAssertEqual($0.status, .ok) }
            }
            let extra = IngestFixtures.cloudTrailPublish(eventID: "d8a2f3e4-5c6b-4d7e-9f8a-0b1c2d3e4f5a")
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: ndjson + extra)) { response in
                let body = try IngestFixtures.json(response)
                XCTAssertEqual(body["accepted"] as? Int, 1)
                XCTAssertEqual(body["duplicates"] as? Int, 3)
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 4)
            let last = try await store.journal(after: 0, limit: 10).last
            XCTAssertEqual(last?.eventID, "d8a2f3e4-5c6b-4d7e-9f8a-0b1c2d3e4f5a")
            let handed = await journaled.batches
            XCTAssertEqual(handed.last?.lastSequence, last?.sequence)
            XCTAssertEqual(handed.last?.countByFormat, [.cloudtrail: 1], "the retried batch's one new record, read back by format")
            let accepted = await journaled.accepted
            XCTAssertEqual(accepted, 4)
            let calls = await journaled.calls
            XCTAssertEqual(calls, 2)
        }
    }

    func testGzipBodiesByHeaderOrMagic() async throws {
        let gz = IngestFixtures.gzip(ndjson)
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, _ in
            var headers = bearer
            headers[.contentEncoding] = "gzip"
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(bytes: gz)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(try IngestFixtures.json(response)["accepted"] as? Int, 3)
            }
            let other = IngestFixtures.gzip(IngestFixtures.cloudTrailPublish(eventID: "e9b3a4f5-6d7c-4e8f-8a9b-1c2d3e4f5a6b"))
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(bytes: other)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(try IngestFixtures.json(response)["by_format"] as? [String: Int], ["cloudtrail": 1])
            }
            headers[.contentEncoding] = "br"
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(bytes: gz)) {
                XCTAssertEqual($0.status, .unsupportedMediaType)
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 4)
        }
    }

    func testJSONArraysWrappersAndTheFormatParameter() async throws {
        let a = IngestFixtures.cloudTrailPublish(eventID: "f0c4b5a6-7e8d-4f9a-8b0c-2d3e4f5a6b7c")
        let b = IngestFixtures.cloudTrailPublish(eventID: "a1d5c6b7-8f9e-4a0b-9c1d-3e4f5a6b7c8d", phone: "+37250001235")
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/events?format=cloudtrail", method: .post, headers: bearer, body: ByteBuffer(string: "[\(a),\n\(b)]")) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(try IngestFixtures.json(response)["by_format"] as? [String: Int], ["cloudtrail": 2])
            }
            let c = IngestFixtures.cloudTrailPublish(eventID: "b2e6d7c8-9a0f-4b1c-8d2e-4f5a6b7c8d9e")
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: "{\"Records\":[\(a),\(c)]}")) { response in
                let body = try IngestFixtures.json(response)
                XCTAssertEqual(body["accepted"] as? Int, 1)
                XCTAssertEqual(body["duplicates"] as? Int, 1)
            }
            try await client.execute(uri: "/v1/events?format=syslog", method: .post, headers: bearer, body: ByteBuffer(string: a)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.eventID), ["f0c4b5a6-7e8d-4f9a-8b0c-2d3e4f5a6b7c", "a1d5c6b7-8f9e-4a0b-9c1d-3e4f5a6b7c8d", "b2e6d7c8-9a0f-4b1c-8d2e-4f5a6b7c8d9e"])
        }
    }

    func testAccessLogLinesAreJournaledAsText() async throws {
        let lines = """
            203.0.113.7 - - [20/Nov/2025:10:00:01 +0000] "POST /api/otp/send HTTP/1.1" 200 41 "-" "Mozilla/5.0 (X11; Linux x86_64)"
            203.0.113.8 - - [20/Nov/2025:10:00:02 +0000] "POST /api/otp/send HTTP/1.1" 200 41 "-" "python-requests/2.31.0"

            """
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: lines)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(try IngestFixtures.json(response)["by_format"] as? [String: Int], ["web-access": 2])
            }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(try JSONParser.parse(stored[1].body).string, String(lines.split(separator: "\n")[1]))
        }
    }

    func testTheBearerTokenIsRequired() async throws {
        let ndjson = self.ndjson
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/events", method: .post, body: ByteBuffer(string: ndjson)) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/v1/events", method: .post, headers: [.authorization: "Bearer nope"], body: ByteBuffer(string: ndjson)) {
                XCTAssertEqual($0.status, .forbidden)
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }

    func testOneBadRecordRejectsTheWholeBatch() async throws {
        let noTime = #"{"eventVersion":"1.09","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","eventID":"0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e"}"#
        let bodies = [
            (IngestFixtures.cloudTrailPublish(eventID: "x1") + "\n" + noTime + "\n" + IngestFixtures.cloudTrailPublish(eventID: "x3"), "record 2: the CloudTrail record has no eventTime"),
            (IngestFixtures.falconDNS(id: "f1") + "\n{\"event_simpleName\": \n" + IngestFixtures.falconDNS(id: "f3"), "record 2: line 2: invalid JSON"),
        ]
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, journaled in
            for (body, prefix) in bodies {
                try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    let message = (try IngestFixtures.json(response)["error"] as? [String: Any])?["message"] as? String ?? ""
                    XCTAssertTrue(message.hasPrefix(prefix), message)
                    XCTAssertTrue(message.hasSuffix("nothing from this request was stored"), message)
                }
            }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
            let calls = await journaled.calls
            XCTAssertEqual(calls, 0)
        }
    }

    func testBodiesOverTheLimitGet413() async throws {
        var configuration = IngestFixtures.configuration()
        configuration.bodyLimit = 4096
        let bearer = self.bearer
        let big = (0..<12).map { IngestFixtures.falconDNS(id: "id-\($0)") }.joined(separator: "\n")
        let bomb = IngestFixtures.gzip(Array(repeating: UInt8(ascii: "\n"), count: 40_000) + Array(IngestFixtures.falconDNS(id: "b").utf8))
        XCTAssertLessThan(bomb.count, 4096)
        try await IngestFixtures.withApp(configuration) { client, store, _ in
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: big)) { XCTAssertEqual($0.status, .contentTooLarge) }
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(bytes: bomb)) { XCTAssertEqual($0.status, .contentTooLarge) }
            let count = try await store.journalCount()
            XCTAssertEqual(count, 0)
        }
    }

    func testDeepNestingIsRefused() async throws {
        let deep = "{\"event\":{\"id\":\"n1\"},\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        let fine = "{\"event\":{\"id\":\"n2\"},\"x\":" + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + "}"
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, store, _ in
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: deep)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(String(buffer: response.body).contains("nested deeper than 64"))
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: fine)) { XCTAssertEqual($0.status, .ok) }
            let stored = try await store.journal(after: 0, limit: 10)
            XCTAssertEqual(stored.map(\.eventID), ["n2"])
        }
    }

    func testEmptyAndBinaryBodiesAreRefused() async throws {
        let bearer = self.bearer
        try await IngestFixtures.withApp { client, _, _ in
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(string: " \n")) { XCTAssertEqual($0.status, .badRequest) }
            try await client.execute(uri: "/v1/events", method: .post, headers: bearer, body: ByteBuffer(bytes: [0, 1, 2, 3, 0xFF, 0xFE])) {
                XCTAssertEqual($0.status, .badRequest)
            }
        }
    }
}
