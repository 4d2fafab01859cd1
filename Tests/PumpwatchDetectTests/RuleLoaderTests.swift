import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// Rule files: a good one loads with every field, and each kind of bad one names its key and line.
final class RuleLoaderTests: XCTestCase {
    static let good = """
        id: burst-from-one-caller
        title: SNS publish burst
        description: Many SNS publishes to phones from one caller.
        severity: high
        risk_score: 80
        attack: [T1496.003, T1496]
        sources: [cloudtrail]
        language: esql
        query: |-
          FROM logs-aws.cloudtrail-*
          | WHERE event.action == "Publish"
          | STATS n = COUNT(*) BY source.address
          | WHERE n > 2
        parameters: {threshold: 2, window: 10s}
        finding:
          entities: [source.address]
          count: n
          summary: "{n} publishes from {source.address}"
        false_positives: [A notification service.]
        tuning:
          - Raise the threshold.
        references: [https://attack.mitre.org/techniques/T1496/003/]
        enabled: false
        tests:
          - name: three publishes fire
            format: cloudtrail
            records:
              - record: {eventVersion: "1.09", eventTime: "2026-11-22T10:00:00Z", eventSource: sns.amazonaws.com, eventName: Publish, sourceIPAddress: 203.0.113.9, requestID: "r{i}"}
                repeat: 3
                every: 1s
                time_field: eventTime
            expect:
              findings: 1
              entities: [{source.address: 203.0.113.9}]
        """

    func testGoodRuleLoadsEveryField() throws {
        let rule = try RuleLoader.parse(Self.good, file: "good.yml")
        XCTAssertEqual(rule.id, "burst-from-one-caller")
        XCTAssertEqual(rule.title, "SNS publish burst")
        XCTAssertEqual(rule.severity, .high)
        XCTAssertEqual(rule.riskScore, 80)
        XCTAssertEqual(rule.effectiveRiskScore, 80)
        XCTAssertEqual(rule.attack, ["T1496.003", "T1496"])
        XCTAssertEqual(rule.sources, ["cloudtrail"])
        XCTAssertEqual(rule.language, .esql)
        XCTAssertEqual(rule.query, "FROM logs-aws.cloudtrail-*\n| WHERE event.action == \"Publish\"\n| STATS n = COUNT(*) BY source.address\n| WHERE n > 2")
        XCTAssertEqual(rule.queryOrigin?.line, 10)
        XCTAssertEqual(rule.queryOrigin?.column, 3)
        XCTAssertEqual(try rule.parameters.int("threshold", default: 0), 2)
        XCTAssertEqual(try rule.parameters.duration("window", default: 0), 10_000)
        XCTAssertEqual(rule.findingMapping, FindingMapping(entities: ["source.address"], count: "n", summary: "{n} publishes from {source.address}"))
        XCTAssertEqual(rule.falsePositives, ["A notification service."])
        XCTAssertEqual(rule.tuning, ["Raise the threshold."])
        XCTAssertEqual(rule.references.count, 1)
        XCTAssertFalse(rule.enabled)
        XCTAssertEqual(rule.file, "good.yml")
        XCTAssertEqual(rule.tests.count, 1)
        let test = rule.tests[0]
        XCTAssertEqual(test.name, "three publishes fire")
        XCTAssertEqual(test.format, .cloudtrail)
        XCTAssertEqual(test.line, 25)
        XCTAssertEqual(test.records.count, 3)
        XCTAssertEqual(test.records[2], #"{"eventVersion":"1.09","eventTime":"2026-11-22T10:00:02Z","eventSource":"sns.amazonaws.com","eventName":"Publish","sourceIPAddress":"203.0.113.9","requestID":"r2"}"#)
        XCTAssertEqual(test.expectedFindings, 1)
        XCTAssertEqual(test.expectedEntities, [["source.address": "203.0.113.9"]])
        XCTAssertTrue(RuleTestRunner.run(rule).allSatisfy(\.passed), "\(RuleTestRunner.run(rule).flatMap(\.failures))")
    }

    // MARK: - Bad rules

    /// The good rule with `old` replaced by `new`.
    func variant(_ old: String, _ new: String) -> String {
        precondition(Self.good.contains(old), old)
        return Self.good.replacingOccurrences(of: old, with: new)
    }

    func assertRejects(_ text: String, key: String, line: Int?, reason: String, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try RuleLoader.parse(text, file: "rule.yml"), file: file, line: lineNumber) { error in
            guard let e = error as? RuleError else { return XCTFail("not a RuleError: \(error)", file: file, line: lineNumber) }
            XCTAssertEqual(e.file, "rule.yml", file: file, line: lineNumber)
            XCTAssertEqual(e.key, key, "\(e)", file: file, line: lineNumber)
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: lineNumber)
            XCTAssertTrue(e.reason.contains(reason), "\(e.reason)", file: file, line: lineNumber)
        }
    }

    func testUnknownKey() {
        assertRejects(variant("enabled: false", "enabled: false\nauthor: someone"), key: "author", line: 24, reason: "unknown key")
        assertRejects(variant("  count: n\n", "  count: n\n  colour: red\n"), key: "finding.colour", line: 18, reason: "unknown key")
        assertRejects(variant("    expect:", "    expected: 1\n    expect:"), key: "tests[0].expected", line: 32, reason: "unknown key")
    }

    func testMissingRequiredKey() {
        assertRejects(variant("title: SNS publish burst\n", ""), key: "title", line: 1, reason: "required key is missing")
        assertRejects(variant("    expect:\n      findings: 1\n", "    expect:\n"), key: "tests[0].expect.findings", line: 33, reason: "required key is missing")
        assertRejects(variant("    format: cloudtrail\n", ""), key: "tests[0].format", line: 25, reason: "required key is missing")
    }

    func testWrongTypes() {
        assertRejects(variant("risk_score: 80", "risk_score: high"), key: "risk_score", line: 5, reason: "expected a whole number, found the text 'high'")
        assertRejects(variant("risk_score: 80", "risk_score: 101"), key: "risk_score", line: 5, reason: "0 to 100")
        assertRejects(variant("severity: high", "severity: urgent"), key: "severity", line: 4, reason: "expected low, medium, high or critical")
        assertRejects(variant("enabled: false", "enabled: no"), key: "enabled", line: 23, reason: "expected true or false")
        assertRejects(variant("attack: [T1496.003, T1496]", "attack: {T1496: yes}"), key: "attack", line: 6, reason: "expected a list")
        assertRejects(variant("attack: [T1496.003, T1496]", "attack: [T1496.3]"), key: "attack[0]", line: 6, reason: "not an ATT&CK technique id")
        assertRejects(variant("sources: [cloudtrail]", "sources: [cloudtrail, syslog]"), key: "sources[1]", line: 7, reason: "unknown input format 'syslog'")
        assertRejects(variant("language: esql", "language: kql"), key: "language", line: 8, reason: "expected cql, esql or builtin")
        assertRejects(variant("id: burst-from-one-caller", "id: Burst_One"), key: "id", line: 1, reason: "lower-case")
        assertRejects(variant("      findings: 1", "      findings: one"), key: "tests[0].expect.findings", line: 33, reason: "expected a whole number")
        assertRejects(variant("        every: 1s", "        every: soon"), key: "tests[0].records[0].every", line: 30, reason: "expected a duration")
        assertRejects(variant("    format: cloudtrail", "    format: csv"), key: "tests[0].format", line: 26, reason: "unknown input format 'csv'")
    }

    func testQueryThatDoesNotParseNamesItsLine() {
        assertRejects(variant("| STATS n = COUNT(*) BY source.address", "| STATS n = COUNT(* BY source.address"), key: "query", line: 12, reason: "does not parse as ES|QL")
        let cql = variant("language: esql", "language: cql")
        assertRejects(
            cql.replacingOccurrences(of: "FROM logs-aws.cloudtrail-*\n  | WHERE event.action == \"Publish\"", with: "#event_simpleName = \"DnsRequest\"\n  | groupBy([aid], function=count(as=n)"),
            key: "query", line: 12, reason: "does not parse as LogScale (CQL)")
    }

    func testLanguageAndBodyMustAgree() {
        assertRejects(variant("language: esql", "language: builtin"), key: "query", line: 9, reason: "a builtin rule names a detector, not a query")
        assertRejects(variant("enabled: false", "enabled: false\ndetector: repeated-destination"), key: "detector", line: 24, reason: "has a query, not a detector")
        assertRejects(variant("finding:\n  entities: [source.address]\n  count: n\n  summary: \"{n} publishes from {source.address}\"\n", ""), key: "finding", line: 1, reason: "required key is missing")
    }

    func testUnknownDetector() {
        let text = variant("language: esql", "language: builtin")
            .replacingOccurrences(of: #"query: |-\#n  FROM logs-aws.cloudtrail-*\#n  | WHERE event.action == "Publish"\#n  | STATS n = COUNT(*) BY source.address\#n  | WHERE n > 2\#n"#, with: "detector: no-such-detector\n")
            .replacingOccurrences(of: "finding:\n  entities: [source.address]\n  count: n\n  summary: \"{n} publishes from {source.address}\"\n", with: "")
        assertRejects(text, key: "detector", line: 9, reason: "no detector named 'no-such-detector'")
    }

    func testInvalidYAMLAndDuplicateKeys() {
        assertRejects(variant("severity: high", "severity: [high"), key: "", line: 5, reason: "not valid YAML")
        assertRejects(variant("severity: high", "severity: high\nseverity: low"), key: "", line: 4, reason: "duplicate key 'severity'")
    }

    func testBadRecords() {
        assertRejects(variant("        time_field: eventTime", "        time_field: eventTimestamp"), key: "tests[0].records[0].time_field", line: 31, reason: "no field 'eventTimestamp'")
        assertRejects(
            variant("      - record: {eventVersion", "      - 'not json'\n      - record: {eventVersion"), key: "tests[0].records[0]", line: 28, reason: "expected a JSON object")
        assertRejects(variant("      findings: 1", "      findings: 0"), key: "tests[0].expect.entities", line: 34, reason: "expects 0 findings")
    }

    func testTestsWithSeveralInputs() throws {
        let text = Self.good.replacingOccurrences(of: """
                format: cloudtrail
                records:
                  - record:
            """, with: """
                inputs:
                  - format: falcon
                    records:
                      - {event_simpleName: DnsRequest, aid: a1, ComputerName: APP-01, DomainName: api.twilio.com, timestamp: "1795341600000"}
                  - format: cloudtrail
                    records:
                      - record:
            """).replacingOccurrences(of: "\n        repeat: 3\n        every: 1s\n        time_field: eventTime", with: "\n            repeat: 3\n            every: 1s\n            time_field: eventTime")
        let rule = try RuleLoader.parse(text, file: "two.yml")
        let test = try XCTUnwrap(rule.tests.first)
        XCTAssertEqual(test.inputs.map(\.format), [.falcon, .cloudtrail])
        XCTAssertEqual(test.inputs.map(\.records.count), [1, 3])
        let result = RuleTestRunner.run(test, of: rule)
        XCTAssertTrue(result.passed, "\(result.failures)")
        XCTAssertEqual(result.findings.first?.sources.map { ($0 as NSString).lastPathComponent }, ["2-cloudtrail.json"], "only the files of the rule's sources")

        let both = text.replacingOccurrences(of: "    inputs:", with: "    format: falcon\n    inputs:")
        XCTAssertThrowsError(try RuleLoader.parse(both)) { error in
            XCTAssertEqual((error as? RuleError)?.key, "tests[0].format")
            XCTAssertTrue((error as? RuleError)?.reason.contains("either format and records, or inputs") ?? false)
        }
    }

    func testDuplicateIDsAcrossFolders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("more"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.good.write(to: dir.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
        try Self.good.write(to: dir.appendingPathComponent("more/b.yaml"), atomically: true, encoding: .utf8)
        try "not a rule".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RulePack.load(directories: [dir.path])) { error in
            let e = error as? RuleError
            XCTAssertEqual(e?.key, "id")
            XCTAssertEqual(e?.line, 1)
            XCTAssertEqual(e?.file, dir.appendingPathComponent("more/b.yaml").path)
            XCTAssertTrue(e?.reason.contains("duplicate rule id 'burst-from-one-caller'") ?? false)
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("more/b.yaml"))
        let pack = try RulePack.load(directories: [dir.path])
        XCTAssertNotNil(pack.rule(id: "burst-from-one-caller"))
        XCTAssertNotNil(pack.rule(id: "logscale-sms-pumping"), "the built-in pack loads with user folders")
        XCTAssertEqual(try RulePack.load(directories: [dir.path], includingBuiltIn: false).rules.map(\.id), ["burst-from-one-caller"])
        // A user rule that reuses a built-in id is a duplicate too.
        let builtIn = try XCTUnwrap(RulePack.builtInDirectory)
        try FileManager.default.copyItem(atPath: builtIn + "/logscale-sms-pumping.yml", toPath: dir.appendingPathComponent("mine.yml").path)
        let (_, errors) = RulePack.collect(directories: [dir.path])
        XCTAssertEqual(errors.map(\.key), ["id"])
        XCTAssertEqual(RulePack.collect(directories: [dir.path + "/missing"]).errors.first?.reason, "no such folder")
    }

    func testBuiltInPackLoadsSorted() throws {
        let pack = try RulePack.builtIn()
        XCTAssertTrue(pack.rules.count >= 2)
        let files = pack.rules.compactMap(\.file)
        XCTAssertEqual(files, files.sorted())
        XCTAssertEqual(Set(pack.rules.map(\.id)).count, pack.rules.count)
    }
}
