import Hummingbird
import HummingbirdTesting
import PumpwatchStore
import Testing

@testable import PumpwatchServer

@Suite struct AuthTests {
    static let guarded: [(String, HTTPRequest.Method)] = [
        ("/v1/check", .post), ("/v1/verified", .post), ("/v1/guard/stats", .get), ("/v1/guard/decisions", .get), ("/openapi.json", .get),
    ]

    @Test func everyRouteButHealthNeedsAToken() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            for (uri, method) in AuthTests.guarded {
                let body = method == .post ? Fixture.body(#"{"to": "+447700900123"}"#) : nil
                try await client.execute(uri: uri, method: method, body: body) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Basic dXNlcjpwYXNz"], body: body) {
                    #expect($0.status == .unauthorized, "\(uri)")
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(Fixture.token)x"], body: body) {
                    #expect($0.status == .forbidden, "\(uri)")
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "bearer  \(Fixture.token) "], body: body) {
                    #expect($0.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test func healthRoutesAreOpen() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let value = try Fixture.object(response)["store"] as? String
                #expect(value == "ok")
            }
        }
    }

    @Test func tokensMatchOnlyTheirDigest() {
        let tokens = [TokenDigest(name: "a", token: "alpha"), TokenDigest(name: "b", token: "bravo"), TokenDigest(name: "b2", token: "bravo")]
        let auth = AuthMiddleware<PumpwatchRequestContext>(tokens: tokens)
        #expect(auth.match("alpha") == "a")
        #expect(auth.match("bravo") == "b")
        #expect(auth.match("charlie") == nil)
        #expect(auth.match("") == nil)
        #expect(AuthMiddleware<PumpwatchRequestContext>.bearerToken("Bearer abc") == "abc")
        #expect(AuthMiddleware<PumpwatchRequestContext>.bearerToken("Bearer ") == nil)
        #expect(AuthMiddleware<PumpwatchRequestContext>.bearerToken("Token abc") == nil)
    }

    @Test func digestsReadFromHex() {
        let d = TokenDigest(name: "t", token: "password")
        #expect(d.hex == "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")
        #expect(TokenDigest(name: "t", hex: d.hex.uppercased()) == d)
        #expect(TokenDigest(name: "t", hex: "password") == nil)
        #expect(TokenDigest(name: "t", hex: String(repeating: "g", count: 64)) == nil)
    }
}
