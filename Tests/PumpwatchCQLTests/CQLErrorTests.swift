import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

/// Each bad query marks with `⏵` where its error must point.
final class CQLErrorTests: XCTestCase {
    /// Plans the marked query and checks the error's kind, position and text.
    private func assertError(
        _ text: String, kind: QueryError.Kind, contains fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let (query, expectedLine, expectedColumn) = marked(text)
        do {
            let plan = try CQLFrontEnd.plan(query)
            XCTFail("no error; plan:\n\(PlanPrinter.print(plan))", file: file, line: line)
        } catch {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertEqual(error.location?.line, expectedLine, "\(error)", file: file, line: line)
            XCTAssertEqual(error.location?.column, expectedColumn, "\(error)", file: file, line: line)
            for f in fragments {
                XCTAssertTrue(error.description.contains(f), "\"\(error)\" lacks \"\(f)\"", file: file, line: line)
            }
        }
    }

    // MARK: - Syntax

    func testUnclosedGroupByAtEndOfQuery() {
        assertError(
            "#event_simpleName=DnsRequest\n| groupBy([aid], function=count()⏵", kind: .syntax,
            contains: ["`groupBy(` at line 2, column 10 is not closed", "found end of query", "expected `,` or `)`"])
    }

    func testUnclosedGroupByBeforeTheNextStage() {
        assertError(
            "groupBy([aid], function=count() ⏵| sort(x)", kind: .syntax,
            contains: ["`groupBy(` at line 1, column 8 is not closed", "found `|`", "expected `,` or `)`"])
    }

    func testStrayClosingParenthesis() {
        assertError("a=1 ⏵) | count()", kind: .syntax, contains: ["unexpected `)`: no `(` is open", "expected `|` or end of query"])
    }

    func testUnterminatedString() {
        assertError("a=1\n| Name = ⏵\"twilio | count()", kind: .syntax, contains: ["unterminated string", "expected a closing `\"`"])
    }

    func testUnterminatedRegex() {
        assertError(
            "DomainName = ⏵/api\\.twilio\n| count()", kind: .syntax,
            contains: ["unterminated regular expression", "expected a closing `/`"])
    }

    func testMissingClosingBracket() {
        assertError(
            "groupBy([aid, host, function=count()⏵)", kind: .syntax,
            contains: ["`[` at line 1, column 9 is not closed", "found `)`", "expected `,` or `]`"])
    }

    func testUnclosedUnion() {
        assertError("a=1\n| union [ b=2\n| count()⏵", kind: .syntax, contains: ["`union [` at line 2, column 9 is not closed", "expected `]`"])
    }

    func testUnclosedSubPipeline() {
        assertError(
            "(a=1\n| count()\n| sort(x)⏵", kind: .syntax,
            contains: ["`(` at line 1, column 1 is not closed", "found end of query", "expected `)`"])
    }

    func testUnclosedCase() {
        assertError("case { a=1 | x := 1 ; *⏵", kind: .syntax, contains: ["`case {` at line 1, column 6 is not closed", "expected `;` or `}`"])
    }

    func testEmptyStageAfterPipe() {
        assertError("a=1 | ⏵| count()", kind: .syntax, contains: ["found `|`", "expected a stage before `|`"])
        assertError("a=1 |⏵", kind: .syntax, contains: ["found end of query", "expected a stage after `|`"])
    }

    func testMissingOperand() {
        assertError("a=1 and⏵", kind: .syntax, contains: ["found end of query", "expected a filter"])
        assertError("x := 1 + ⏵| count()", kind: .syntax, contains: ["found `|`", "expected an expression"])
        assertError("Name = ⏵)", kind: .syntax, contains: ["expected a value after `=`"])
    }

    func testUnknownRegexFlag() {
        assertError("a = /x/⏵q", kind: .syntax, contains: ["unknown regex flag `q`", "expected one of the flags i, m, d, g, F"])
    }

    func testSemicolonOutsideCase() {
        assertError("a=1 ⏵; b=2", kind: .syntax, contains: ["unexpected `;`"])
    }

    func testTheFirstOfSeveralErrorsIsThrown() {
        let (query, l, c) = marked("groupBy(x ⏵y) | sort(z | count()")
        XCTAssertThrowsError(try CQLFrontEnd.parse(query)) { error in
            let e = error as! QueryError
            XCTAssertEqual([e.location?.line, e.location?.column], [l, c])
        }
        XCTAssertEqual(CQLFrontEnd.diagnose(query).count, 2)
    }

    func testRenderedErrorShowsTheLineAndACaret() {
        let (query, _, _) = marked("a=1\n| groupBy(x ⏵y)")
        XCTAssertThrowsError(try CQLFrontEnd.plan(query)) { error in
            let rendered = (error as! QueryError).rendered(query: query)
            XCTAssertEqual(
                rendered,
                """
                error: `groupBy(` at line 2, column 10 is not closed; found `y` (expected `,` or `)`) at line 2, column 13
                  | groupBy(x y)
                              ^
                """)
        }
    }

    // MARK: - Unsupported

    func testUnsupportedMatchFunction() {
        assertError("#type=x\n| ⏵match(file=\"hosts.csv\", field=aid)", kind: .unsupported, contains: ["unsupported: match"])
    }

    func testUnsupportedJoinFamily() {
        assertError("⏵defineTable(query={a=1}, name=t)", kind: .unsupported, contains: ["unsupported: defineTable"])
        assertError("a=1 | ⏵join({b=2}, field=x)", kind: .unsupported, contains: ["unsupported: join"])
        assertError("a=1\n| ⏵selfJoinFilter(field=x, where=[{a=1}, {b=2}])", kind: .unsupported, contains: ["unsupported: selfJoinFilter"])
    }

    func testUnknownFunctionIsUnsupportedNotASyntaxError() {
        assertError("a=1 | ⏵frobnicate(x)", kind: .unsupported, contains: ["unsupported: frobnicate"])
        assertError("groupBy(x, function=[count(), ⏵percentile(y)])", kind: .unsupported, contains: ["unsupported: percentile"])
        assertError("x := ⏵splitString(y)", kind: .unsupported, contains: ["unsupported: splitString"])
    }

    func testQueryParameters() {
        assertError("EventCount > ⏵?threshold", kind: .unsupported, contains: ["unsupported: parameter ?threshold"])
        assertError("⏵?host = x", kind: .unsupported, contains: ["unsupported: parameter ?host"])
    }

    func testSubQueryAsAnAggregate() {
        assertError("groupBy(x, function=⏵{count()})", kind: .unsupported, contains: ["unsupported: sub-query"])
    }

    // MARK: - Semantic

    func testUnknownArgument() {
        assertError("groupBy(x, ⏵fn=count())", kind: .semantic, contains: ["unknown argument `fn` for `groupBy()`", "`function`"])
    }

    func testBadArgumentValues() {
        assertError("sort(x, order=⏵up)", kind: .semantic, contains: ["cannot be `up`", "`desc`"])
        assertError("head(⏵-1)", kind: .semantic, contains: ["must be a whole number"])
        assertError("groupBy(x, limit=⏵lots)", kind: .semantic, contains: ["expected a number or `max`"])
        assertError("bucket(span=⏵soon)", kind: .semantic, contains: ["as a span"])
    }

    func testClashingOutputNames() {
        assertError("groupBy(x, function=[count(), ⏵count(y)])", kind: .semantic, contains: ["two output columns are named `_count`"])
    }

    func testAggregateWhereAValueIsNeeded() {
        assertError("groupBy(x, function=⏵sort(y))", kind: .semantic, contains: ["`sort()` is not an aggregate"])
        assertError("a=1 ⏵groupBy(x)", kind: .semantic, contains: ["cannot be combined with filters", "expected `|` before `groupBy()`"])
        assertError("x := ⏵count()", kind: .semantic, contains: ["`count()` does not compute a value"])
    }

    func testMissingRequiredArguments() {
        assertError("⏵formatTime(\"%H\")", kind: .semantic, contains: ["needs the argument `as`"])
        assertError("⏵in(values=[1])", kind: .semantic, contains: ["needs the argument `field`"])
        assertError("⏵test()", kind: .semantic, contains: ["needs an expression"])
    }

    func testWildcardIsNotAValue() {
        assertError("x := ⏵*foo", kind: .semantic, contains: ["is a wildcard"])
    }

    func testDeepNestingIsASyntaxErrorNotAStackOverflow() throws {
        let limit = CQLParser.maxDepth
        // Up to the limit, nested parentheses and operator chains plan.
        XCTAssertNoThrow(try CQLFrontEnd.plan(String(repeating: "(", count: limit - 2) + "a=1" + String(repeating: ")", count: limit - 2)))
        XCTAssertNoThrow(try CQLFrontEnd.plan(Array(repeating: "a=1", count: limit - 2).joined(separator: " or ")))
        // Past it, each shape fails where it crosses the limit, however deep the text goes.
        let deep = 20_000
        let cases = [
            String(repeating: "(", count: deep),
            Array(repeating: "a=1", count: deep).joined(separator: " or "),
            String(repeating: "a=1 ", count: deep),
            String(repeating: "!", count: deep) + "a=1",
            "x := " + String(repeating: "-", count: deep) + "1",
            "x := " + Array(repeating: "1", count: deep).joined(separator: " + "),
            "groupBy([a], function=" + String(repeating: "max(", count: deep),
            String(repeating: "case {", count: deep),
            String(repeating: "(a=1 | ", count: deep),
        ]
        for query in cases {
            let diagnostics = CQLFrontEnd.diagnose(query)
            let nesting = diagnostics.first { $0.message.contains("nests deeper than \(limit) levels") }
            XCTAssertNotNil(nesting, "\(query.prefix(20)): \(diagnostics.prefix(3))")
            XCTAssertEqual(nesting?.kind, .syntax)
            XCTAssertGreaterThan(nesting?.location?.offset ?? 0, 0)
            XCTAssertLessThan(nesting?.location?.offset ?? .max, query.utf8.count)
            XCTAssertThrowsError(try CQLFrontEnd.plan(query))
        }
    }
}
