import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchServer

final class NotificationConfigurationTests: XCTestCase {
    static let digest = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"
    static let slackURL = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    static let environment = [
        "PUMPWATCH_WEBHOOK_SECRET": "8f2a61c4d0e94b7aa3c55e10f9d2b7c6",
        "SLACK_WEBHOOK_URL": slackURL,
        "NOT_A_URL": "xoxb-this-is-not-a-url",
        "SHORT_SECRET": "abc123",
    ]

    /// The `notifications` section of `yaml`, read with `environment` in place of the process's.
    func read(_ yaml: String, environment: [String: String] = environment) throws(ConfigurationError) -> NotificationConfiguration {
        let root = try ConfigNode.parse(yaml, file: "/etc/pumpwatch/pumpwatch.yml")
        let section = try root.mapping(allowed: ["notifications"])[0].1
        return try NotificationConfiguration.read(section, file: "/etc/pumpwatch/pumpwatch.yml", environment: environment)
    }

    func testReadsEveryKey() throws {
        let c = try read(
            """
            notifications:
              poll_interval: 500ms
              retry: {initial: 5s, max: 15m, attempts: 8}
              sinks:
                - name: soc-webhook
                  type: webhook
                  url: https://hooks.example.com/pumpwatch
                  secret_env: PUMPWATCH_WEBHOOK_SECRET
                  min_severity: Medium
                  timeout: 2500ms
                - name: slack-fraud
                  type: slack
                  url_env: SLACK_WEBHOOK_URL
            """)
        XCTAssertEqual(c.pollInterval, 0.5)
        XCTAssertEqual(c.retry, NotificationRetryPolicy(initial: 5, maximum: 900, attempts: 8))
        XCTAssertEqual(c.sinks.map(\.name), ["soc-webhook", "slack-fraud"])
        let webhook = try XCTUnwrap(c.sink(named: "soc-webhook"))
        XCTAssertEqual(webhook.kind, .webhook)
        XCTAssertEqual(webhook.url.absoluteString, "https://hooks.example.com/pumpwatch")
        XCTAssertEqual(webhook.secret, Array("8f2a61c4d0e94b7aa3c55e10f9d2b7c6".utf8))
        XCTAssertEqual(webhook.minimumSeverity, "medium")
        XCTAssertEqual(webhook.timeout, 2.5)
        let slack = try XCTUnwrap(c.sink(named: "slack-fraud"))
        XCTAssertEqual(slack.kind, .slack)
        XCTAssertEqual(slack.url.absoluteString, Self.slackURL)
        XCTAssertNil(slack.secret)
        XCTAssertNil(slack.minimumSeverity)
        XCTAssertEqual(slack.timeout, 5)
    }

    func testDefaultsWithoutTheSection() throws {
        let c = try ServerConfiguration.parse("server: {tokens: [\(Self.digest)]}").notifications
        XCTAssertTrue(c.sinks.isEmpty)
        XCTAssertEqual(c.pollInterval, 1)
        XCTAssertEqual(c.retry, NotificationRetryPolicy(initial: 2, maximum: 600, attempts: 12))
        XCTAssertEqual(c.sinkNames(forSeverity: "critical"), [])
    }

    /// Through the whole server configuration: a secret file relative to the configuration's folder.
    func testSecretFileIsReadRelativeToTheConfiguration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "  5d41402abc4b2a76b9719d911017c592\n".write(to: folder.appendingPathComponent("webhook.secret"), atomically: true, encoding: .utf8)
        let yaml = """
            server: {tokens: [\(Self.digest)]}
            notifications:
              sinks:
                - {name: soc, type: webhook, url: "http://10.20.0.15:9000/alerts", secret_file: webhook.secret}
            """
        let c = try ServerConfiguration.parse(yaml, file: folder.appendingPathComponent("pumpwatch.yml").path).notifications
        XCTAssertEqual(c.sinks.first?.secret, Array("5d41402abc4b2a76b9719d911017c592".utf8))
        XCTAssertEqual(c.sinks.first?.url.host, "10.20.0.15")
    }

    func testSinkNamesFollowMinimumSeverity() throws {
        let c = try read(
            """
            notifications:
              sinks:
                - {name: everything, type: slack, url_env: SLACK_WEBHOOK_URL}
                - {name: soc, type: webhook, url: "https://soc.example.com/in", secret_env: PUMPWATCH_WEBHOOK_SECRET, min_severity: medium}
                - {name: pager, type: webhook, url: "https://pager.example.com/in", secret_env: PUMPWATCH_WEBHOOK_SECRET, min_severity: critical}
            """)
        XCTAssertEqual(c.sinkNames(forSeverity: "info"), ["everything"])
        XCTAssertEqual(c.sinkNames(forSeverity: "low"), ["everything"])
        XCTAssertEqual(c.sinkNames(forSeverity: "medium"), ["everything", "soc"])
        XCTAssertEqual(c.sinkNames(forSeverity: "HIGH"), ["everything", "soc"])
        XCTAssertEqual(c.sinkNames(forSeverity: "critical"), ["everything", "soc", "pager"])
        XCTAssertEqual(c.sinkNames(forSeverity: "unheard-of"), ["everything"])
    }

    func testErrorsNameTheKeyAndNeverTheSecret() {
        let cases: [(String, String, String)] = [
            ("notifications:\n  colour: red\n", "notifications.colour", "unknown key"),
            ("notifications:\n  poll_interval: often\n", "notifications.poll_interval", "duration"),
            ("notifications:\n  retry: {initial: 10m, max: 1m}\n", "notifications.retry.max", "shorter"),
            ("notifications:\n  retry: {attempts: 0}\n", "notifications.retry.attempts", "1 to 100"),
            ("notifications:\n  sinks:\n    - {name: a, type: email, url: 'https://x.example.com'}\n", "notifications.sinks[0].type", "webhook or slack"),
            ("notifications:\n  sinks:\n    - {name: a, url: 'https://x.example.com'}\n", "notifications.sinks[0]", "type"),
            (
                "notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'https://x.example.com', secret_env: PUMPWATCH_WEBHOOK_SECRET, colour: red}\n",
                "notifications.sinks[0].colour", "unknown key for a webhook sink"
            ),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url_env: SLACK_WEBHOOK_URL, secret_env: PUMPWATCH_WEBHOOK_SECRET}\n", "notifications.sinks[0].secret_env", "unknown key for a slack sink"),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url_env: PUMPWATCH_UNSET_VARIABLE}\n", "notifications.sinks[0].url_env", "PUMPWATCH_UNSET_VARIABLE is not set"),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url_env: NOT_A_URL}\n", "notifications.sinks[0].url_env", "does not hold"),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url: '\(Self.slackURL)'}\n", "notifications.sinks[0].url", "a Slack webhook URL is a secret"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'ftp://files.example.com/in', secret_env: PUMPWATCH_WEBHOOK_SECRET}\n", "notifications.sinks[0].url", "http:// or https://"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'not a url', secret_env: PUMPWATCH_WEBHOOK_SECRET}\n", "notifications.sinks[0].url", "http:// or https://"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'https://x.example.com', secret: 'hunter2hunter2hunter2'}\n", "notifications.sinks[0].secret", "never written"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'https://x.example.com'}\n", "notifications.sinks[0]", "secret_env or secret_file"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'https://x.example.com', secret_env: SHORT_SECRET}\n", "notifications.sinks[0].secret_env", "shorter than 16 bytes"),
            ("notifications:\n  sinks:\n    - {name: a, type: webhook, url: 'https://x.example.com', secret_file: /nonexistent/pw.secret}\n", "notifications.sinks[0].secret_file", "cannot read"),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url_env: SLACK_WEBHOOK_URL, min_severity: severe}\n", "notifications.sinks[0].min_severity", "info, low, medium, high, critical"),
            ("notifications:\n  sinks:\n    - {name: 'two words', type: slack, url_env: SLACK_WEBHOOK_URL}\n", "notifications.sinks[0].name", "letters, digits"),
            ("notifications:\n  sinks:\n    - {type: slack, url_env: SLACK_WEBHOOK_URL}\n", "notifications.sinks[0]", "name"),
            ("notifications:\n  sinks:\n    - {name: a, type: slack, url_env: SLACK_WEBHOOK_URL, timeout: 10h}\n", "notifications.sinks[0].timeout", "duration"),
            (
                "notifications:\n  sinks:\n    - {name: a, type: slack, url_env: SLACK_WEBHOOK_URL}\n    - {name: a, type: slack, url_env: SLACK_WEBHOOK_URL}\n",
                "notifications.sinks[1].name", "used twice"
            ),
        ]
        for (yaml, key, reason) in cases {
            do {
                _ = try read(yaml)
                XCTFail("expected an error at \(key)")
            } catch {
                XCTAssertEqual(error.key, key, "\(error)")
                XCTAssertTrue(error.reason.contains(reason), "\(key): \(error.reason)")
                XCTAssertEqual(error.file, "/etc/pumpwatch/pumpwatch.yml")
                XCTAssertNotNil(error.line, "\(error)")
                for secret in Self.environment.values { XCTAssertFalse(error.description.contains(secret), "\(error)") }
                XCTAssertFalse(error.description.contains("hunter2"), "\(error)")
            }
        }
    }

    /// Through `ServerConfiguration.parse`, the process environment is where `*_env` names are looked up.
    func testServerConfigurationReadsTheProcessEnvironment() {
        let yaml = """
            server: {tokens: [\(Self.digest)]}
            notifications:
              sinks:
                - {name: slack-fraud, type: slack, url_env: PUMPWATCH_TEST_SURELY_UNSET_4F2B}
            """
        XCTAssertThrowsError(try ServerConfiguration.parse(yaml, file: "pw.yml")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "notifications.sinks[0].url_env")
            XCTAssertEqual((error as? ConfigurationError)?.line, 4)
        }
    }

    /// A sink printed or dumped shows its host, never the Slack URL's path or a secret.
    func testSinksDoNotPrintTheirSecrets() throws {
        let c = try read(
            """
            notifications:
              sinks:
                - {name: soc, type: webhook, url: "https://soc.example.com/in", secret_env: PUMPWATCH_WEBHOOK_SECRET}
                - {name: slack-fraud, type: slack, url_env: SLACK_WEBHOOK_URL}
            """)
        var dumped = ""
        dump(c, to: &dumped)
        for text in [String(describing: c.sinks), String(reflecting: c.sinks), dumped, "\(c.sinks[1])"] {
            XCTAssertFalse(text.contains("XXXXXXXX"), text)
            XCTAssertFalse(text.contains("services/T0"), text)
            XCTAssertFalse(text.contains("8f2a61c4"), text)
        }
        XCTAssertEqual("\(c.sinks[1])", "slack-fraud (slack to https://hooks.slack.com)")
    }

    func testBackoffDoublesUpToTheMaximumWithJitter() {
        let policy = NotificationRetryPolicy(initial: 2, maximum: 600, attempts: 12)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 1, jitter: 1), 2)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 2, jitter: 1), 4)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 5, jitter: 1), 32)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 5, jitter: 0.5), 16)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 9, jitter: 1), 512)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 10, jitter: 1), 600)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 500, jitter: 1), 600)
        XCTAssertEqual(policy.delay(afterFailedAttempts: 1, jitter: 7), 2, "jitter is clamped to 0.5...1")
        XCTAssertTrue(policy.allowsRetry(afterFailedAttempts: 11))
        XCTAssertFalse(policy.allowsRetry(afterFailedAttempts: 12))
    }
}
