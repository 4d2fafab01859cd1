import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

/// Which built-in rules have SQL forms, the refusals of the rest, and the result columns they share.
final class BuiltinSQLTests: XCTestCase {
    static let resultColumns = "SELECT rule_id, first_seen, last_seen, event_count, severity, "

    func testEveryBuiltinRuleHasAFormOrAReason() throws {
        let pack = try RulePack.builtIn()
        var withForm: [String] = []
        for rule in pack.rules where rule.language == .builtin {
            if let reason = BuiltinSQL.refusal(for: rule) {
                XCTAssertFalse(reason.isEmpty, rule.id)
                XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: .spark), rule.id) { error in
                    XCTAssertTrue("\(error)".hasSuffix(reason), "\(error)")
                }
                let support = Translator.sparkSupport(for: rule)
                XCTAssertFalse(support.supported, rule.id)
                XCTAssertEqual(support.reason, "built-in detector: " + reason)
            } else {
                withForm.append(rule.detector ?? "")
                for target in [TranslationTarget.duckdb, .spark] {
                    let sql = try BuiltinSQL.query(for: rule, target: target)
                    XCTAssertTrue(sql.hasPrefix("-- \(rule.id): "), sql.prefix(200).description)
                    XCTAssertTrue(sql.contains(Self.resultColumns + "CAST(CASE WHEN severity = "), rule.id)
                    XCTAssertTrue(sql.contains("ORDER BY first_seen, summary"), rule.id)
                }
                XCTAssertTrue(Translator.sparkSupport(for: rule).supported, rule.id)
            }
        }
        XCTAssertEqual(withForm.sorted(), [
            "conversion-collapse", "high-risk-destination", "new-destination-country", "otp-endpoint-flood", "otp-request-flood",
            "repeated-destination", "sequential-block", "source-concentration",
        ])
    }

    func testTablesEachQueryReads() throws {
        for rule in try RulePack.builtIn().rules where rule.language == .builtin {
            let tables = BuiltinSQL.tables(for: rule)
            guard BuiltinSQL.refusal(for: rule) == nil else {
                XCTAssertEqual(tables, [], rule.id)
                continue
            }
            let sql = try BuiltinSQL.query(for: rule, target: .spark)
            for table in ["cloudtrail", "twilio_messages", "twilio_events", "sns_delivery", "web_access", "app_requests"] {
                XCTAssertEqual(sql.contains("FROM \(table)\n") || sql.contains("FROM \(table) "), tables.contains(table), "\(rule.id) \(table)")
            }
        }
    }

    func testOtherTargetsRefuseBuiltins() throws {
        let rule = try BuiltinRuleFixtures.packRule("builtin-repeated-destination")
        for target in [TranslationTarget.esql, .cql, .kql, .spl, .sigma] {
            XCTAssertThrowsError(try BuiltinSQL.query(for: rule, target: target)) { error in
                XCTAssertEqual("\(error)", "cannot translate built-in detector to \(target.rawValue): built-in detectors have SQL forms for duckdb and spark only; \(target.displayName) has no equivalent of their windows and joins")
            }
        }
    }

    func testQueryRulesAreNotBuiltins() throws {
        let rule = try BuiltinRuleFixtures.packRule("logscale-sms-pumping")
        XCTAssertEqual(BuiltinSQL.refusal(for: rule), "not a built-in detector: translate its query instead")
    }

    func testUnknownDetectorIsRefusedByName() {
        let rule = BuiltinRuleFixtures.tuned("carrier-lookup", [:])
        XCTAssertEqual(BuiltinSQL.refusal(for: rule), "the detector carrier-lookup has no SQL form")
    }

    func testRiskScoreFollowsTheRuleUnlessTheSeverityWasRaised() throws {
        var rule = BuiltinRuleFixtures.tuned("repeated-destination", [:], severity: .medium)
        rule.riskScore = 55
        let sql = try BuiltinSQL.query(for: rule, target: .duckdb)
        XCTAssertTrue(sql.contains("CAST(CASE WHEN severity = 'medium' THEN 55 WHEN severity = 'low' THEN 21 WHEN severity = 'high' THEN 73 WHEN severity = 'critical' THEN 99 END AS INT) AS risk_score"), sql)
        XCTAssertTrue(sql.contains("CASE WHEN peak >= 20 OR risky_prefix IS NOT NULL THEN 'high' ELSE 'medium' END AS severity"), sql)
    }
}
