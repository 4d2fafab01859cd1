import Foundation
import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchDetect

/// The two seed rules: their queries are the published text, their inline tests pass, and their
/// findings carry the entities, counts, times, severities and summaries people act on.
final class RuleSeedTests: XCTestCase {
    func seed(_ id: String) throws -> Rule {
        try XCTUnwrap(try RulePack.builtIn().rule(id: id), "built-in rule \(id)")
    }

    func testQueriesAreTheSeedsVerbatim() throws {
        XCTAssertEqual(try seed("logscale-sms-pumping").query, SeedQueries.logScale)
        XCTAssertEqual(try seed("esql-sns-direct-to-phone-spike").query, SeedQueries.snsDirectToPhone)
    }

    func testSeedRuleMetadata() throws {
        let cql = try seed("logscale-sms-pumping")
        XCTAssertEqual(cql.language, .cql)
        XCTAssertEqual(cql.sources, ["falcon"])
        XCTAssertEqual(cql.findingMapping?.entities, ["aid", "ComputerName", "DomainName", "RemoteAddressIP4", "TargetProcessName"])
        XCTAssertEqual(cql.findingMapping?.count, "EventCount")
        XCTAssertEqual(cql.findingMapping?.severityField, "RiskScore")
        XCTAssertEqual(cql.references.count, 10)
        XCTAssertEqual(cql.falsePositives.count, 4)
        let esql = try seed("esql-sns-direct-to-phone-spike")
        XCTAssertEqual(esql.language, .esql)
        XCTAssertEqual(esql.findingMapping?.window, "target_time_window")
        XCTAssertEqual(esql.findingMapping?.windowMillis, 10_000)
        XCTAssertEqual(esql.findingMapping?.entities, ["cloud.account.id", "aws.cloudtrail.user_identity.arn", "source.address", "user_agent_name"])
    }

    func testSeedInlineTestsPass() throws {
        for id in ["logscale-sms-pumping", "esql-sns-direct-to-phone-spike"] {
            let rule = try seed(id)
            let results = RuleTestRunner.run(rule)
            XCTAssertGreaterThanOrEqual(results.count, 2)
            for r in results { XCTAssertTrue(r.passed, "\(id): \(r.name): \(r.failures)") }
            XCTAssertTrue(rule.tests.contains { $0.expectedFindings > 0 } && rule.tests.contains { $0.expectedFindings == 0 })
        }
    }

    func testLogScaleFindingsCarryTheRowAsEvidence() throws {
        let rule = try seed("logscale-sms-pumping")
        let result = RuleTestRunner.run(rule.tests[0], of: rule)
        XCTAssertTrue(result.passed, "\(result.failures)")
        let findings = result.findings
        XCTAssertEqual(findings.map(\.count), [501, 51], "sorted by EventCount, as the query says")
        let high = findings[0]
        XCTAssertEqual(high.ruleID, "logscale-sms-pumping")
        XCTAssertEqual(high.severity, .high)
        XCTAssertEqual(high.riskScore, Severity.high.defaultRiskScore)
        XCTAssertEqual(high.entities.map(\.0), ["aid", "ComputerName", "DomainName"], "the other branch's columns are absent")
        XCTAssertEqual(high.entity("ComputerName"), .string("BATCH-07"))
        XCTAssertEqual(high.firstSeen, 1_795_341_600_000)
        XCTAssertEqual(high.lastSeen, 1_795_341_600_000 + 500 * 250)
        XCTAssertEqual(high.attack, ["T1496.003"])
        XCTAssertEqual(high.summary, "BATCH-07 made 501 DNSLookup-SMSProvider events to sns.amazonaws.com (High)")
        XCTAssertEqual(high.fields.first { $0.0 == "UniqueProcesses" }?.1, .int(501))
        XCTAssertEqual(high.fields.map(\.0).last, "RiskScore")
        XCTAssertEqual(high.sources.count, 1)
        XCTAssertTrue(high.sources[0].hasSuffix("falcon.ndjson"))
        let medium = findings[1]
        XCTAssertEqual(medium.severity, .medium)
        XCTAssertEqual(medium.riskScore, 47, "the rule's own risk score at the rule's severity")

        let net = RuleTestRunner.run(rule.tests[1], of: rule).findings
        XCTAssertEqual(net.first?.entities.map(\.0), ["aid", "ComputerName", "RemoteAddressIP4", "TargetProcessName"])
        XCTAssertEqual(net.first?.summary, "WEB-03 made 201 NetworkConnect-HighVolumeHTTPS events to 54.239.1.10 (Medium)")
    }

    func testESQLFindingsCarryTheWindow() throws {
        let rule = try seed("esql-sns-direct-to-phone-spike")
        let result = RuleTestRunner.run(rule.tests[0], of: rule)
        XCTAssertTrue(result.passed, "\(result.failures)")
        let f = try XCTUnwrap(result.findings.first)
        let start = try XCTUnwrap(Timestamp.parse("2026-11-22T10:00:00Z"))
        XCTAssertEqual(f.count, 31)
        XCTAssertEqual(f.firstSeen, start)
        XCTAssertEqual(f.lastSeen, start + 9_999)
        XCTAssertEqual(f.severity, .medium)
        XCTAssertEqual(f.entities.map { "\($0.0)=\($0.1)" }, [
            "cloud.account.id=111122223333", "aws.cloudtrail.user_identity.arn=arn:aws:iam::111122223333:user/pump",
            "source.address=203.0.113.9", "user_agent_name=aws-cli/2.18.17",
        ])
        XCTAssertEqual(f.evidence.map(\.0), ["window_start", "window_length"])
        XCTAssertEqual(f.evidence.last?.1, .string("10s"))
        XCTAssertEqual(f.summary, "31 SNS publishes to phone numbers within 10 seconds by arn:aws:iam::111122223333:user/pump from 203.0.113.9 (aws-cli/2.18.17, us-east-1)")
    }

    func testFailingExpectationsSayWhy() throws {
        var rule = try seed("esql-sns-direct-to-phone-spike")
        rule.tests[0].expectedFindings = 2
        rule.tests[0].expectedEntities = [["source.address": "198.51.100.1"]]
        let result = RuleTestRunner.run(rule.tests[0], of: rule)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.failures.count, 2)
        XCTAssertTrue(result.failures[0].hasPrefix("expected 2 findings, got 1: [medium count=31 cloud.account.id=111122223333"), result.failures[0])
        XCTAssertTrue(result.failures[1].hasPrefix("no finding carries {source.address: 198.51.100.1}"), result.failures[1])

        // Records of another format than declared fail before the rule runs.
        rule.tests[1].format = .falcon
        XCTAssertEqual(RuleTestRunner.run(rule.tests[1], of: rule).failures, ["the falcon records were read as cloudtrail"])

        // An explicit now moves the query's seven-day range past the burst.
        rule.tests[0].expectedFindings = 1
        rule.tests[0].expectedEntities = []
        rule.tests[0].now = "2026-12-30T00:00:00Z"
        XCTAssertEqual(RuleTestRunner.run(rule.tests[0], of: rule).failures, ["expected 1 finding, got 0"], "now() - 7 days excludes the burst")
    }

    func testLintPlacesWarningsInTheRuleFile() throws {
        let rule = try seed("logscale-sms-pumping")
        let warnings = try RuleLinter.lint(rule)
        XCTAssertEqual(warnings.map(\.construct), ["where", "if(condition, a, b)", "union [...]", "Field in [...]", "where", "if(condition, a, b)"])
        let text = try String(contentsOfFile: try XCTUnwrap(rule.file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for w in warnings {
            let line = lines[w.line - 1]
            let at = line.dropFirst(w.column - 1)
            switch w.construct {
            case "where": XCTAssertTrue(at.hasPrefix("where "), String(line))
            case "union [...]": XCTAssertTrue(at.hasPrefix("union ["), String(line))
            case "Field in [...]": XCTAssertTrue(at.hasPrefix("RemotePort in"), String(line))
            default: XCTAssertTrue(at.hasPrefix("if("), String(line))
            }
        }
        XCTAssertTrue(warnings[2].description.hasSuffix("logscale-sms-pumping.yml:\(warnings[2].line):5: union [...] would not run on LogScale (LogScale has no pipeline `union`; `[...]` in a pipeline means `stats()`); use one filter joining both branches with `or`, then `case { ... }` to tag each branch; or `defineTable()` with `match()`"))
        XCTAssertEqual(try RuleLinter.lint(try seed("esql-sns-direct-to-phone-spike")), [])
    }
}
