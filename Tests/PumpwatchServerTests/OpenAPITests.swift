import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchStore
import Testing

@testable import PumpwatchServer

@Suite struct OpenAPITests {
    /// Every route the server answers, by method and path.
    static let routes: [(String, String)] = [
        ("post", "/v1/check"), ("post", "/v1/verified"), ("get", "/v1/guard/stats"), ("get", "/v1/guard/decisions"),
        ("get", "/healthz"), ("get", "/readyz"), ("get", "/openapi.json"),
        ("get", "/v1/alerts"), ("get", "/v1/alerts/{id}"), ("post", "/v1/alerts/{id}/acknowledge"), ("post", "/v1/alerts/{id}/resolve"),
        ("get", "/metrics"), ("post", "/v1/events"), ("post", "/v1/twilio/events"), ("post", "/v1/twilio/status"),
        ("post", "/v1/aws/firehose"), ("get", "/v1/notifications"),
    ]

    @Test func documentParsesAndNamesEveryRoute() async throws {
        let app = try await buildApplication(configuration: Fixture.configuration(), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        try await app.test(.router) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get, headers: Fixture.auth) { response in
                #expect(response.status == .ok)
                return try Fixture.object(response)
            }
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (method, path) in OpenAPITests.routes {
                let operation = paths[path]?[method] as? [String: Any]
                #expect(operation != nil, "\(method) \(path) is not documented")
                #expect(operation?["responses"] is [String: Any], "\(method) \(path) has no responses")
            }
            // Nothing documented that the server does not answer.
            for (path, operations) in paths {
                for method in operations.keys {
                    #expect(OpenAPITests.routes.contains { $0 == (method, path) }, "\(method) \(path) is documented but not served")
                    let m: HTTPRequest.Method = method == "post" ? .post : .get
                    let body = m == .post ? Fixture.body(#"{"to": "+447700900123"}"#) : nil
                    try await client.execute(uri: path, method: m, headers: Fixture.auth, body: body) { response in
                        #expect(response.status != .notFound, "\(method) \(path)")
                    }
                }
            }
            // Every $ref points at a component that exists.
            let text = OpenAPIDocument.json
            let components = try #require(document["components"] as? [String: [String: Any]])
            var index = text.startIndex
            while let r = text.range(of: "\"$ref\": \"#/components/", range: index..<text.endIndex) {
                let rest = text[r.upperBound...]
                let end = rest.firstIndex(of: "\"")!
                let parts = rest[..<end].split(separator: "/")
                #expect(components[String(parts[0])]?[String(parts[1])] != nil, "\(parts.joined(separator: "/"))")
                index = end
            }
        }
    }
}
