import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// Every built-in rule file, whatever files the pack holds: it loads, its metadata is complete and
/// consistent, it has a firing and a quiet test, and every inline test passes.
final class RuleCorpusTests: XCTestCase {
    func ruleFiles() throws -> [String] {
        let dir = try XCTUnwrap(RulePack.builtInDirectory, "the built-in rule pack is bundled")
        let files = RulePack.ruleFiles(in: dir, recursive: false)
        XCTAssertFalse(files.isEmpty, "no rule files in \(dir)")
        return files
    }

    func testEveryRuleFileLoadsWithCompleteMetadata() throws {
        var ids: [String: String] = [:]
        for file in try ruleFiles() {
            let name = (file as NSString).lastPathComponent
            let rule: Rule
            do {
                rule = try RuleLoader.load(path: file)
            } catch {
                XCTFail("\(error)")
                continue
            }
            XCTAssertEqual(name, rule.id + ".yml", "\(name): the file is named after the id")
            XCTAssertNil(ids[rule.id], "\(name): id \(rule.id) also in \(ids[rule.id] ?? "")")
            ids[rule.id] = name
            XCTAssertFalse(rule.title.isEmpty, name)
            XCTAssertLessThanOrEqual(rule.title.count, 80, "\(name): title fits a line")
            XCTAssertGreaterThanOrEqual(rule.description.count, 40, "\(name): description says what and why")
            XCTAssertTrue(rule.attack.contains("T1496.003"), "\(name): attack names T1496.003")
            XCTAssertFalse(rule.sources.isEmpty, name)
            for s in rule.sources { XCTAssertNotNil(SourceFormat(rawValue: s), "\(name): source \(s)") }
            switch rule.language {
            case .cql, .esql:
                XCTAssertNotNil(rule.query, "\(name): a query rule has a query")
                XCTAssertNil(rule.detector, name)
                XCTAssertNotNil(rule.findingMapping, "\(name): a query rule maps rows to findings")
            case .builtin:
                XCTAssertNil(rule.query, name)
                XCTAssertNotNil(rule.detector.flatMap(DetectorRegistry.type(named:)), "\(name): detector \(rule.detector ?? "") is registered")
            }
            XCTAssertFalse(rule.falsePositives.isEmpty, "\(name): false_positives")
            XCTAssertFalse(rule.tuning.isEmpty, "\(name): tuning")
            for r in rule.references { XCTAssertTrue(r.hasPrefix("https://"), "\(name): reference \(r)") }
            XCTAssertTrue(rule.tests.contains { $0.expectedFindings > 0 }, "\(name): a test where the rule fires")
            XCTAssertTrue(rule.tests.contains { $0.expectedFindings == 0 }, "\(name): a test where it stays quiet")
            for t in rule.tests {
                for input in t.inputs {
                    XCTAssertTrue(rule.sources.contains(input.format.rawValue), "\(name): test '\(t.name)' reads \(input.format.rawValue), not one of the rule's sources")
                }
            }
        }
        let pack = try RulePack.builtIn()
        XCTAssertEqual(pack.rules.count, try ruleFiles().count)
    }

    func testEveryInlineTestPasses() throws {
        let pack = try RulePack.builtIn()
        var ran = 0
        for rule in pack.rules {
            for result in RuleTestRunner.run(rule) {
                ran += 1
                XCTAssertTrue(result.passed, "\(rule.id): \(result.name): \(result.failures.joined(separator: "; "))")
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 2 * pack.rules.count)
    }

    func testCQLRulesLint() throws {
        for rule in try RulePack.builtIn().rules where rule.language == .cql {
            XCTAssertNoThrow(try RuleLinter.lint(rule), rule.id)
        }
    }
}
