import Foundation
import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

/// The generated PySpark job: its header, its rule entries and the SQL each rule runs.
final class SparkJobGeneratorTests: XCTestCase {
    /// A CloudTrail rule in the shape of the pack's SNS rule, with a short window and threshold.
    static let snsRule = Rule(
        id: "sns-publish-burst", title: "SNS publish burst", severity: .high, riskScore: 80, sources: ["cloudtrail"], language: .esql,
        query: """
            FROM logs-aws.cloudtrail-*
            | WHERE @timestamp > now() - 1 day AND event.provider == "sns.amazonaws.com" AND event.action == "Publish"
            | EVAL minute = DATE_TRUNC(1 minute, @timestamp)
            | STATS n = COUNT(*) BY minute, source.address
            | WHERE n > 20
            """,
        findingMapping: FindingMapping(entities: ["source.address"], count: "n", window: "minute", windowMillis: 60_000, summary: "{n} publishes from {source.address}"))

    /// A rule whose query has no Spark SQL form (a Java Map text test on request parameters).
    static let refusedRule = Rule(
        id: "us-destinations", title: "Publishes to US numbers", severity: .low, sources: ["cloudtrail"], language: .esql,
        query: #"FROM logs-aws.cloudtrail-* | WHERE aws.cloudtrail.request_parameters LIKE "*phoneNumber=+1*" | KEEP event.action"#,
        findingMapping: FindingMapping(entities: []))

    static let unknownBuiltin = Rule(id: "custom-detector", title: "Custom", severity: .medium, language: .builtin, detector: "no-such-detector")

    func testRuleEntry() throws {
        let job = SparkJobGenerator(rules: [Self.snsRule]).generate()
        XCTAssertEqual(job.ruleIDs, ["sns-publish-burst"])
        XCTAssertEqual(job.refusals, [])
        let entry = try XCTUnwrap(job.text.components(separatedBy: "RULES = [\n").last?.components(separatedBy: "\n]\n").first)
        XCTAssertEqual(entry, Self.snsEntry)
    }

    static let snsEntry = #"""
            {
                "id": "sns-publish-burst",
                "title": "SNS publish burst",
                "severity": "high",
                "risk_score": 80,
                "attack": ["T1496.003"],
                "tables": ["cloudtrail"],
                "kind": "query",
                "finding": {
                    "entities": ["source.address"],
                    "count": "n",
                    "first_seen": None,
                    "last_seen": None,
                    "window": "minute",
                    "window_ms": 60000,
                    "severity_field": None,
                    "summary": "{n} publishes from {source.address}",
                },
                "sql": r"""-- Spark SQL over raw cloudtrail records: `cloudtrail` has one row per record, the record in column `value`
        WITH
          source AS (
            SELECT
              CAST(get_json_object(value, '$.eventTime') AS TIMESTAMP) AS `@timestamp`,
              nullif(get_json_object(value, '$.eventSource'), '') AS `event.provider`,
              nullif(get_json_object(value, '$.eventName'), '') AS `event.action`,
              nullif(get_json_object(value, '$.sourceIPAddress'), '') AS `source.address`
            FROM cloudtrail
          ),
          filter_1 AS (
            SELECT * FROM source WHERE `@timestamp` > timestamp_millis(:now_ms) - INTERVAL 1 DAY AND `event.provider` = 'sns.amazonaws.com' AND `event.action` = 'Publish'
          ),
          eval_2 AS (
            SELECT `@timestamp`, `event.provider`, `event.action`, `source.address`, timestamp_millis(CAST(floor(unix_millis(`@timestamp`) / 60000) AS BIGINT) * 60000) AS `minute` FROM filter_1
          ),
          aggregate_3 AS (
            SELECT count(*) AS `n`, `minute`, `source.address` FROM eval_2 GROUP BY `minute`, `source.address`
          ),
          filter_4 AS (
            SELECT * FROM aggregate_3 WHERE `n` > 20
          ),
          limit_5 AS (
            SELECT * FROM filter_4 LIMIT 1000
          )
        SELECT * FROM limit_5""",
            },
        """#

    func testHeaderListsTheRulesRunAndLeftOutWithTheirReasons() throws {
        let disabled = { var r = Self.snsRule; r.id = "disabled-rule"; r.enabled = false; return r }()
        let job = SparkJobGenerator(rules: [Self.refusedRule, Self.snsRule, Self.unknownBuiltin, disabled]).generate()
        XCTAssertEqual(job.ruleIDs, ["sns-publish-burst"])
        XCTAssertEqual(job.refusals.map(\.ruleID), ["us-destinations", "custom-detector"])
        let header = try XCTUnwrap(job.text.components(separatedBy: "\n\n").first)
        XCTAssertTrue(header.hasPrefix("#!/usr/bin/env python3\n# pumpwatch hunt as one PySpark job: 1 rule over raw CloudTrail"), header)
        let listed = header.components(separatedBy: "# Rules run on Spark:\n").last ?? ""
        XCTAssertEqual(listed, """
            #   sns-publish-burst
            # Rules not run on Spark:
            #   us-destinations: cannot translate aws.cloudtrail.request_parameters LIKE "*phoneNumber=+1*" to spark: the field is JSON text here and Java Map text in ECS, so only substring tests of plain words mean the same
            #   custom-detector: built-in detector: the detector no-such-detector has no SQL form
            """)
        XCTAssertFalse(job.text.contains("disabled-rule"))
    }

    func testNowIsTheJobsParameterAndTheSQLHasNoTerminator() throws {
        let sql = try SparkJobGenerator.sql(for: Self.snsRule).get()
        XCTAssertTrue(sql.contains("`@timestamp` > timestamp_millis(:now_ms) - INTERVAL 1 DAY"), sql)
        XCTAssertFalse(sql.contains("current_timestamp()"), sql)
        XCTAssertFalse(sql.hasSuffix(";"))
        XCTAssertTrue(sql.contains("FROM cloudtrail"), sql)
    }

    func testBuiltinWithAnSQLFormRunsWithTheCommonColumns() throws {
        let pack = try RulePack.builtIn()
        let builtins = pack.rules.filter { $0.language == .builtin && BuiltinSQL.refusal(for: $0) == nil }
        let rule = try XCTUnwrap(builtins.first, "no built-in detector has an SQL form")
        let job = SparkJobGenerator(rules: [rule]).generate()
        XCTAssertEqual(job.ruleIDs, [rule.id])
        let entry = try XCTUnwrap(job.text.components(separatedBy: "RULES = [\n").last?.components(separatedBy: "\n]\n").first)
        XCTAssertTrue(entry.hasPrefix("    {\n        \"id\": \"\(rule.id)\",\n"), entry)
        XCTAssertTrue(entry.contains(#""kind": "builtin","#))
        XCTAssertFalse(entry.contains(#""finding": {"#), "built-in rows carry their finding columns")
        XCTAssertTrue(entry.contains("event_count"), "the built-in SQL returns the common columns")
    }

    func testTheJobHasItsDataBeforeTheRuntime() throws {
        let text = SparkJobGenerator(rules: [Self.snsRule]).generate().text
        let order = ["CLASSIFICATION = [", "TIMESTAMPS = {", "RULES = [", "def split_file(text):", "def main(argv):", "if __name__ == \"__main__\":"]
        let positions = order.map { text.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
        for table in SparkSourceTable.allCases {
            XCTAssertTrue(text.contains("    (\"\(table.tableName)\", \(PythonLiteral.string(table.classification))),\n"), table.tableName)
        }
        XCTAssertTrue(text.contains(#"    "cloudtrail": "CAST(get_json_object(value, '$.eventTime') AS TIMESTAMP)","#))
        XCTAssertTrue(text.hasSuffix("    main(sys.argv[1:])\n"))
    }

    /// The job is valid Python (checked with python3's parser when python3 is installed).
    func testTheJobParsesAsPython() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 is not installed") }
        let pack = try RulePack.builtIn()
        let job = SparkJobGenerator(rules: pack.rules + [Self.snsRule]).generate()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-job-\(UUID().uuidString).py")
        try job.text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", file.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }
}
