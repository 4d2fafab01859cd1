import Foundation
import Logging
import PumpwatchGuard
import Testing

@testable import PumpwatchServer

@Suite struct ConfigurationTests {
    static let digest = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"

    @Test func readsEveryKey() throws {
        let yaml = """
            server:
              listen: "[::1]:9090"
              body_limit: 16KiB
              log_level: debug
              tokens:
                - {name: signup, sha256: \(Self.digest)}
                - \(Self.digest.uppercased())
            store:
              path: data/pw.sqlite
            guard:
              fail_open: false
              checkpoint_interval: 500ms
              baseline: baseline.json
              decisions: {record: false, retention: 7d, queue: 5000}
              policy:
                mode: monitor
                cutoffs: {monitor: 20, challenge: 40, block: 70}
            """
        let c = try ServerConfiguration.parse(yaml, file: "/etc/pumpwatch/pumpwatch.yml")
        #expect(c.host == "::1")
        #expect(c.port == 9090)
        #expect(c.bodyLimit == 16 * 1024)
        #expect(c.logLevel == .debug)
        #expect(c.tokens.map(\.name) == ["signup", "token-2"])
        #expect(c.tokens.allSatisfy { $0.hex == Self.digest })
        #expect(c.databasePath == "/etc/pumpwatch/data/pw.sqlite")
        #expect(c.failOpen == false)
        #expect(c.checkpointInterval == 0.5)
        #expect(c.baselinePath == "/etc/pumpwatch/baseline.json")
        #expect(c.recordDecisions == false)
        #expect(c.decisionRetention == Double(7 * 86_400))
        #expect(c.decisionQueueLimit == 5000)
        #expect(c.policy.mode == .monitor)
        #expect(c.policy.cutoffs.block == 70)
    }

    @Test func defaultsNeedOnlyAToken() throws {
        let c = try ServerConfiguration.parse("server: {tokens: [\(Self.digest)]}")
        #expect(c.host == "127.0.0.1")
        #expect(c.port == 8080)
        #expect(c.bodyLimit == 65536)
        #expect(c.failOpen)
        #expect(c.checkpointInterval == 5)
        #expect(c.databasePath == "./pumpwatch.sqlite")
        #expect(c.policy.mode == .enforce)
    }

    @Test(arguments: [
        ("", "server.tokens", nil as Int?),
        ("server:\n  tokens: []\n", "server.tokens", nil),
        ("server:\n  tokens: [\(digest)]\n  colour: red\n", "server.colour", 3),
        ("server:\n  tokens:\n    - s3cret\n", "server.tokens[0]", 3),
        ("server:\n  tokens: [\(digest)]\n  listen: localhost\n", "server.listen", 3),
        ("server:\n  tokens: [\(digest)]\n  body_limit: lots\n", "server.body_limit", 3),
        ("server:\n  tokens: [\(digest)]\nguard:\n  fail_open: maybe\n", "guard.fail_open", 4),
        ("server:\n  tokens: [\(digest)]\nguard:\n  checkpoint_interval: 2x\n", "guard.checkpoint_interval", 4),
        ("server:\n  tokens: [\(digest)]\nguard:\n  policy:\n    mode: enforce\n    cutoffs:\n      monitor: 500\n", "guard.policy.cutoffs.monitor", 7),
        ("server:\n  tokens: [\(digest)]\nguard:\n  policy:\n    signals:\n      ip_velocity: {hourly: lots}\n", "guard.policy.signals.ip_velocity.hourly", 6),
        ("server:\n  tokens: [\(digest)]\nguard:\n  policy:\n    colour: red\n", "guard.policy.colour", 5),
        ("server: [\n", "", nil),
    ])
    func errorsNameTheKeyAndLine(yaml: String, key: String, line: Int?) {
        do {
            _ = try ServerConfiguration.parse(yaml, file: "pw.yml")
            Issue.record("expected an error for \(key)")
        } catch {
            #expect(error.key == key, "\(error)")
            if let line { #expect(error.line == line, "\(error)") }
            #expect(error.description.hasPrefix("pw.yml"))
        }
    }

    @Test func policyFileIsReadRelativeToTheConfiguration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "mode: monitor\n".write(to: dir.appendingPathComponent("guard.yml"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("pumpwatch.yml")
        try "server: {tokens: [\(Self.digest)]}\nguard: {policy: guard.yml}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try ServerConfiguration.load(path: file.path).policy.mode == .monitor)
        try "cutoffs: {block: 500}\n".write(to: dir.appendingPathComponent("guard.yml"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(path: file.path) }
    }

    @Test func listenAddresses() throws {
        var c = ServerConfiguration()
        try c.setListen("0.0.0.0:80")
        #expect(c.host == "0.0.0.0" && c.port == 80)
        try c.setListen(":9000")
        #expect(c.host == "0.0.0.0" && c.port == 9000)
        try c.setListen("[::]:8443")
        #expect(c.host == "::" && c.port == 8443)
        #expect(throws: ConfigurationError.self) { try c.setListen("8080") }
        #expect(throws: ConfigurationError.self) { try c.setListen("host:99999") }
    }

    @Test func logLinesAreJSONWithoutSecrets() throws {
        let line = JSONLogHandler.line(
            time: 0, level: .info, label: "pumpwatch", message: "said \"hi\"",
            metadata: ["client": "signup", "authorization": "Bearer s3cret", "token": "s3cret", "body": "{\"to\":1}"])
        #expect(!line.contains("s3cret"))
        #expect(!line.contains("\"to\""))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["message"] as? String == "said \"hi\"")
        #expect(object?["client"] as? String == "signup")
        #expect(object?["time"] as? String == "1970-01-01T00:00:00.000Z")
    }
}
