import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PumpwatchGuard
import PumpwatchServer
import PumpwatchStore

/// Shared setup of the server tests: a configuration with one token, a quiet logger, and JSON reading.
enum Fixture {
    static let token = "pw-test-token-7f3a"

    static func configuration(bodyLimit: Int = 4096, failOpen: Bool = true, policy: GuardPolicy = GuardPolicy()) -> ServerConfiguration {
        var c = ServerConfiguration()
        c.tokens = [TokenDigest(name: "tests", token: token)]
        c.bodyLimit = bodyLimit
        c.failOpen = failOpen
        c.policy = policy
        c.checkpointInterval = 60
        return c
    }

    static var logger: Logger {
        var l = Logger(label: "pumpwatch-tests")
        l.logLevel = .critical
        return l
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(String(buffer: response.body).utf8)
        guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw FixtureError.notAnObject }
        return o
    }

    enum FixtureError: Error { case notAnObject }
}
