import Foundation
import XCTest

@testable import PumpwatchServer
import PumpwatchStore

final class IngestConfigurationTests: XCTestCase {
    let passwordDigest = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"

    func read(_ yaml: String, environment: [String: String] = [:], file: String? = nil) throws -> IngestConfiguration {
        let root = try ConfigNode.parse(yaml, file: file)
        let node = try XCTUnwrap(try root.mapping(allowed: ["ingest"]).first?.1)
        return try IngestConfiguration.read(node, file: file, environment: environment)
    }

    func readError(_ yaml: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try read(yaml, environment: environment)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    func testTheDocumentedExample() throws {
        let c = try read(
            """
            ingest:
              body_limit: 8MiB
              public_url: https://pumpwatch.example.com/
              twilio:
                auth_token_env: TWILIO_AUTH_TOKEN
                basic_auth: {user: twilio, sha256: \(passwordDigest)}
              firehose:
                access_keys: [{name: prod, sha256: \(passwordDigest)}]
              dedup: {window: 30m, max_ids: 250000}
            """, environment: ["TWILIO_AUTH_TOKEN": "  9f2c1e7d5b3a48c6\n"])
        XCTAssertEqual(c.bodyLimit, 8 << 20)
        XCTAssertEqual(c.decodedBodyLimit, 64 << 20)
        XCTAssertEqual(c.publicURL, "https://pumpwatch.example.com")
        XCTAssertEqual(c.twilioAuthToken, "9f2c1e7d5b3a48c6")
        XCTAssertEqual(c.twilioBasicAuth, BasicCredentialDigest(user: "twilio", password: "password"))
        XCTAssertEqual(c.firehoseAccessKeys, [TokenDigest(name: "prod", token: "password")])
        XCTAssertEqual(c.dedup, JournalDedupWindow.Settings(window: 1_800_000, maxKeys: 250_000))
    }

    func testDefaults() throws {
        let c = try read("ingest: {}")
        XCTAssertEqual(c.bodyLimit, 16 << 20)
        XCTAssertNil(c.publicURL)
        XCTAssertNil(c.twilioAuthToken)
        XCTAssertEqual(c.firehoseAccessKeys, [])
        XCTAssertEqual(c.dedup.window, 2 * 3_600_000, "the longest Firehose retries")
        XCTAssertEqual(c.dedup.maxKeys, 4_000_000)
    }

    func testAuthTokenFromAFileNextToTheConfiguration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "a1b2c3d4e5\n".write(to: dir.appendingPathComponent("twilio-token"), atomically: true, encoding: .utf8)
        let c = try read("ingest:\n  twilio:\n    auth_token_file: twilio-token\n", file: dir.appendingPathComponent("pumpwatch.yml").path)
        XCTAssertEqual(c.twilioAuthToken, "a1b2c3d4e5")
        let missing = "ingest:\n  twilio:\n    auth_token_file: /nonexistent/pumpwatch/token\n"
        XCTAssertEqual(readError(missing)?.key, "ingest.twilio.auth_token_file")
    }

    func testErrorsNameTheKey() {
        XCTAssertEqual(readError("ingest:\n  twilio:\n    auth_token: abc\n")?.key, "ingest.twilio.auth_token")
        let unset = readError("ingest:\n  twilio:\n    auth_token_env: PUMPWATCH_TEST_UNSET\n")
        XCTAssertEqual(unset?.key, "ingest.twilio.auth_token_env")
        XCTAssertEqual(unset?.reason, "the environment variable PUMPWATCH_TEST_UNSET is not set")
        XCTAssertEqual(readError("ingest:\n  twilio:\n    auth_token_env: T\n", environment: ["T": " "])?.key, "ingest.twilio.auth_token_env")
        XCTAssertEqual(
            readError("ingest:\n  twilio:\n    auth_token_env: T\n    auth_token_file: /x\n", environment: ["T": "t"])?.key, "ingest.twilio.auth_token_file")
        XCTAssertEqual(readError("ingest:\n  twilio:\n    basic_auth: {user: twilio, sha256: hunter2}\n")?.key, "ingest.twilio.basic_auth.sha256")
        XCTAssertEqual(readError("ingest:\n  twilio:\n    basic_auth: {sha256: \(passwordDigest)}\n")?.key, "ingest.twilio.basic_auth")
        XCTAssertEqual(readError("ingest:\n  firehose:\n    access_keys: [{name: prod, sha256: nope}]\n")?.key, "ingest.firehose.access_keys[0].sha256")
        XCTAssertEqual(readError("ingest:\n  firehose:\n    access_keys: [{name: prod}]\n")?.key, "ingest.firehose.access_keys[0]")
        XCTAssertEqual(readError("ingest:\n  public_url: pumpwatch.example.com\n")?.key, "ingest.public_url")
        XCTAssertEqual(readError("ingest:\n  public_url: https://pumpwatch.example.com/?x=1\n")?.key, "ingest.public_url")
        XCTAssertEqual(readError("ingest:\n  body_limit: 10\n")?.key, "ingest.body_limit")
        XCTAssertEqual(readError("ingest:\n  bodylimit: 1MiB\n")?.key, "ingest.bodylimit")
        XCTAssertEqual(readError("ingest:\n  dedup: {window: forever}\n")?.key, "ingest.dedup.window")
        XCTAssertEqual(readError("ingest:\n  dedup: {max_ids: 10}\n")?.key, "ingest.dedup.max_ids")
        XCTAssertEqual(readError("ingest:\n  dedup: {ids: 10}\n")?.key, "ingest.dedup.ids")
    }

    func testTheServerConfigurationReadsTheSection() throws {
        let yaml = """
            server:
              tokens: [{name: ops, sha256: \(passwordDigest)}]
            ingest:
              body_limit: 2MiB
              firehose:
                access_keys: [{name: prod, sha256: \(passwordDigest)}]
            """
        let c = try ServerConfiguration.parse(yaml)
        XCTAssertEqual(c.ingest.bodyLimit, 2 << 20)
        XCTAssertEqual(c.ingest.firehoseAccessKeys.map(\.name), ["prod"])
    }
}
