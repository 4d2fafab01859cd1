import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

final class CQLLinterTests: XCTestCase {
    func testSeedHasExactlyFourNonLogScaleConstructs() throws {
        let findings = try CQLFrontEnd.lint(seedQuery)
        XCTAssertEqual(Set(findings.map(\.construct)), Set(CQLLintFinding.Construct.allCases))
        XCTAssertEqual(
            findings.map { "\($0.construct.rawValue) @\($0.location.line):\($0.location.column)" },
            [
                "where @14:3",
                "if(condition, a, b) @16:20",
                "union [...] @17:3",
                "Field in [...] @20:3",
                "where @31:3",
                "if(condition, a, b) @33:20",
            ])
    }

    func testSeedReplacementsAreRealCQL() throws {
        let findings = try CQLFrontEnd.lint(seedQuery)
        XCTAssertEqual(
            findings.filter { $0.construct != .union }.map(\.replacement),
            [
                "EventCount > 50",
                #"if(EventCount > 1000, then="Critical", else=if(EventCount > 500, then="High", else="Medium"))"#,
                #"in(field=RemotePort, values=["443", "80", "8443"])"#,
                "EventCount > 200",
                #"if(EventCount > 2000, then="Critical", else=if(EventCount > 1000, then="High", else="Medium"))"#,
            ])
        // Each replacement parses, and lints clean.
        for f in findings where f.construct != .union {
            XCTAssertEqual(try CQLFrontEnd.lint("x := " + f.replacement).count, 0, f.replacement)
        }
        XCTAssertTrue(findings.first { $0.construct == .union }!.replacement.contains("case {"))
    }

    func testRealFormsLintClean() throws {
        let real = #"""
            #event_simpleName = "NetworkConnectIP4"
            | in(field=RemotePort, values=["443", "80"]) | !in(field=x, values=[1])
            | groupBy([aid], function=[count(as=EventCount)])
            | test(EventCount > 200) | EventCount > 200
            | RiskScore := if(EventCount > 2000, then="Critical", else="Medium")
            | case { EventCount > 1000 | tier := "a" ; * | tier := "b" }
            | [count(), max(EventCount)]
            """#
        XCTAssertEqual(try CQLFrontEnd.lint(real), [])
    }

    func testWhereWithAComplexConditionBecomesTest() throws {
        let findings = try CQLFrontEnd.lint("where a > b + 1 and c == d")
        XCTAssertEqual(findings.map(\.replacement), ["test(a > b + 1 and c == d)"])
    }

    func testFindingsInsideRealConstructs() throws {
        let findings = try CQLFrontEnd.lint(#"case { x in [1, 2] | y := if(a, "b", "c") ; * }"#)
        XCTAssertEqual(findings.map(\.construct), [.inList, .positionalIf])
        XCTAssertEqual(findings.map(\.location.column), [8, 27])
        XCTAssertEqual(findings.map(\.replacement), [#"in(field=x, values=["1", "2"])"#, #"if(a, then="b", else="c")"#])
    }

    func testDescriptionNamesLineConstructAndReplacement() throws {
        let finding = try XCTUnwrap(try CQLFrontEnd.lint("a=1\n| where n > 5").first)
        XCTAssertEqual(finding.description, "line 2, column 3: where: LogScale has no `where`; filter with a bare comparison or `test()`; use: n > 5")
    }

    func testLintReportsSyntaxErrors() {
        XCTAssertThrowsError(try CQLFrontEnd.lint("groupBy(")) { error in
            XCTAssertEqual((error as? QueryError)?.kind, .syntax)
        }
    }
}
