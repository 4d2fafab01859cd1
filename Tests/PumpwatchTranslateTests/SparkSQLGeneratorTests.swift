import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// Spark SQL over raw JSON text, and which rules run on Spark.
final class SparkSQLGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.spark)
    }

    func testSparkSpelling() throws {
        let text = try translate(.cql, #"#event_simpleName=DnsRequest | DomainName=/it's/ | groupBy(aid, function=collect(FileName, limit=3))"#, to: .spark)
        XCTAssertTrue(text.contains(#"`DomainName` RLIKE 'it\'s'"#), text)
        XCTAssertTrue(text.contains("nullif(array_join(slice(array_sort(collect_set(`FileName`)), 1, 3), chr(10)), '') AS `FileName`"), text)
    }

    func testSparkSupportOfThePack() throws {
        let pack = try RulePack.builtIn()
        for rule in pack.rules {
            let support = Translator.sparkSupport(for: rule)
            if rule.language == .builtin {
                // Built-in detectors run on Spark through their own SQL forms, or say why not.
                if let refusal = BuiltinSQL.refusal(for: rule) {
                    XCTAssertFalse(support.supported, rule.id)
                    XCTAssertEqual(support.reason, "built-in detector: " + refusal, rule.id)
                } else {
                    XCTAssertTrue(support.supported, "\(rule.id): \(support.reason)")
                }
            } else {
                XCTAssertTrue(support.supported, "\(rule.id): \(support.reason)")
            }
        }
    }
}
