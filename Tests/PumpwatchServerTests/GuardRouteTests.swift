import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchGuard
import PumpwatchStore
import Testing

@testable import PumpwatchServer

@Suite struct GuardRouteTests {
    @Test func checkAnswersADecision() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            let body = #"{"to": "+447700900123", "ip": "203.0.113.9", "user": "u-1", "session": "s-1", "purpose": "signup", "channel": "sms", "id": "req-1"}"#
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(body)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let o = try Fixture.object(response)
                #expect(o["id"] as? String == "req-1")
                #expect(o["decision"] as? String == "allow")
                #expect(o["policy_decision"] as? String == "allow")
                #expect(o["country"] as? String == "GB")
                #expect(o["calling_code"] as? String == "44")
                #expect(o["mode"] as? String == "enforce")
                #expect((o["risk_score"] as? Int).map { (0...100).contains($0) } == true)
                #expect(o["reasons"] is [Any])
            }
        }
    }

    @Test func repeatedChecksToOneNumberAreStopped() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            var last: [String: Any] = [:]
            for _ in 0..<10 {
                last = try await client.execute(
                    uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+447700900123", "ip": "203.0.113.9"}"#)
                ) { try Fixture.object($0) }
            }
            #expect(last["decision"] as? String == "block")
            let reasons = (last["reasons"] as? [[String: Any]]) ?? []
            #expect(reasons.contains { $0["signal"] as? String == "number-hourly" })
            #expect(reasons.allSatisfy { $0["detail"] is String && $0["value"] is NSNumber && $0.keys.contains("threshold") })
        }
    }

    @Test func verifiedMatchesTheCheck() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+15005550006", "id": "otp-9"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/verified", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"id": "otp-9"}"#)) { response in
                #expect(response.status == .ok)
                let o = try Fixture.object(response)
                #expect(o["matched"] as? Bool == true)
                #expect(o["id"] as? String == "otp-9")
                #expect(o["repeated"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/verified", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+15005550006"}"#)) { response in
                #expect(response.status == .ok)
                let value = try Fixture.object(response)["repeated"] as? Bool
                #expect(value == true)
            }
        }
    }

    @Test func statsCountDecisions() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            for n in 0..<3 {
                try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+4477009001\#(n)2"}"#)) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/v1/guard/stats", method: .get, headers: Fixture.auth) { response in
                #expect(response.status == .ok)
                let o = try Fixture.object(response)
                #expect(o["checks"] as? Int == 3)
                #expect((o["countries"] as? [String: Any])?["GB"] != nil)
                #expect(o["hours"] is [Any])
                let service = o["service"] as? [String: Any]
                #expect((service?["state"] as? [String: Any])?["status"] as? String == "fresh")
                #expect((service?["policy"] as? [String: Any])?["mode"] as? String == "enforce")
            }
        }
    }

    @Test func decisionsAreStoredAndListed() async throws {
        let store = try SQLiteStore.inMemory()
        let app = try await buildApplication(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        try await app.test(.router) { client in
            for n in 0..<8 {
                try await client.execute(
                    uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+447700900123", "id": "d-\#(n)"}"#)
                ) { #expect($0.status == .ok) }
            }
            // The recorder writes every 100 ms.
            var listed: [[String: Any]] = []
            for _ in 0..<50 where listed.count < 8 {
                try await Task.sleep(for: .milliseconds(50))
                listed = try await client.execute(uri: "/v1/guard/decisions?since=1h&limit=100", method: .get, headers: Fixture.auth) {
                    #expect($0.status == .ok)
                    return (try Fixture.object($0)["decisions"] as? [[String: Any]]) ?? []
                }
            }
            #expect(listed.count == 8)
            #expect(listed.first?["id"] as? String == "d-7")
            #expect(listed.first?["to"] as? String == "+447700900123")
            #expect(listed.first?["reasons"] is [Any])

            let page = try await client.execute(uri: "/v1/guard/decisions?limit=3", method: .get, headers: Fixture.auth) { try Fixture.object($0) }
            #expect((page["decisions"] as? [Any])?.count == 3)
            let next = try #require(page["next"] as? String)
            let rest = try await client.execute(uri: "/v1/guard/decisions?limit=100&before=\(next)", method: .get, headers: Fixture.auth) {
                (try Fixture.object($0)["decisions"] as? [[String: Any]]) ?? []
            }
            #expect(rest.count == 5)

            let blocked = try await client.execute(uri: "/v1/guard/decisions?decision=block", method: .get, headers: Fixture.auth) {
                (try Fixture.object($0)["decisions"] as? [[String: Any]]) ?? []
            }
            #expect(!blocked.isEmpty)
            #expect(blocked.allSatisfy { $0["decision"] as? String == "block" })

            for bad in ["decision=maybe", "limit=0", "since=yesterday", "before=x", "colour=red"] {
                try await client.execute(uri: "/v1/guard/decisions?\(bad)", method: .get, headers: Fixture.auth) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
        }
        #expect(try await store.decisions(matching: DecisionFilter(limit: 100)).count == 8)
    }

    @Test(arguments: [
        (#"{"to": "+4477009"#, "malformed JSON"),
        (#"["+447700900123"]"#, "expected a JSON object"),
        (#"{}"#, "to: is required"),
        (#"{"to": null}"#, "to: is required"),
        (#"{"to": 447700900123}"#, "to: expected a string"),
        (#"{"to": "call me"}"#, "is not an E.164 phone number"),
        (#"{"to": ""}"#, "to: is empty"),
        (#"{"to": "+447700900123", "ip": 5}"#, "ip: expected a string"),
        ("", "the body is empty"),
    ])
    func badChecksGet400WithTheReason(body: String, reason: String) async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(body)) { response in
                #expect(response.status == .badRequest)
                let error = try Fixture.object(response)["error"] as? [String: Any]
                let message = error?["message"] as? String ?? ""
                #expect(message.contains(reason), "\(message)")
                #expect(error?["status"] as? Int == 400)
            }
        }
    }

    @Test func badVerificationsGet400() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            for body in [#"{}"#, #"{"to": "nope"}"#, "{"] {
                try await client.execute(uri: "/v1/verified", method: .post, headers: Fixture.auth, body: Fixture.body(body)) {
                    #expect($0.status == .badRequest, "\(body)")
                }
            }
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(bodyLimit: 1024), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            let padding = String(repeating: "x", count: 2000)
            let body = #"{"to": "+447700900123", "user": "\#(padding)"}"#
            for uri in ["/v1/check", "/v1/verified"] {
                try await client.execute(uri: uri, method: .post, headers: Fixture.auth, body: Fixture.body(body)) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body).contains("limit"))
                }
            }
            // Just under the limit is fine.
            let small = #"{"to": "+447700900123", "user": "\#(String(repeating: "y", count: 200))"}"#
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(small)) {
                #expect($0.status == .badRequest || $0.status == .ok)
            }
        }
    }
}
