import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

/// Each query marks with `⏵` where its error must point.
final class ESQLErrorTests: XCTestCase {
    // MARK: Syntax

    func testMissingExpressionAfterWhere() {
        assertError("FROM t | WHERE ⏵| LIMIT 1", .syntax, message: "unexpected '|' after WHERE", expected: "a condition")
        assertError("FROM t | WHERE⏵", .syntax, message: "unexpected end of query after WHERE", expected: "a condition")
        assertError("FROM t\n| WHERE a == 1 AND\n⏵| LIMIT 1", .syntax, message: "after AND", expected: "an expression")
    }

    func testUnclosedParenthesis() {
        assertError("FROM t | WHERE (a == 1 OR b == 2 ⏵| LIMIT 5", .syntax, message: "the '(' at line 1, column 16 is not closed", expected: "')'")
        assertError("FROM t | EVAL x = CONCAT(a, b⏵", .syntax, message: "unexpected end of query", expected: "')'")
        assertError("FROM t | WHERE a IN (1, 2 ⏵AND b", .syntax, message: "is not closed", expected: "')'")
        assertError("FROM t | WHERE a == 1⏵)", .syntax, message: "no '(' is open")
    }

    func testSingleEqualsInsteadOfDoubleEquals() {
        assertError(#"FROM t | WHERE event.action ⏵= "Publish""#, .syntax, message: "to compare, use '=='", expected: "'=='")
        assertError("FROM t | STATS c = COUNT(*) WHERE x ⏵= 1", .syntax, message: "use '=='", expected: "'=='")
    }

    func testUnterminatedStrings() {
        assertError("FROM t\n| WHERE a == ⏵\"abc\n| LIMIT 1", .syntax, message: "unterminated string", expected: "closing '\"'")
        assertError(#"FROM t | WHERE a RLIKE ⏵"""abc"#, .syntax, message: "unterminated triple-quoted string", expected: #"'"""'"#)
        assertError("FROM t | KEEP ⏵`abc", .syntax, message: "unterminated quoted identifier", expected: "'`'")
        assertError("FROM t ⏵/* never closed", .syntax, message: "unterminated comment", expected: "'*/'")
    }

    func testInvalidEscape() {
        assertError(#"FROM t | WHERE a RLIKE "x⏵\d+""#, .syntax, message: #"invalid escape sequence '\d'"#)
    }

    func testStrayCharacters() {
        assertError("FROM t | WHERE a ⏵! b", .syntax, message: "use NOT")
        assertError("FROM t | WHERE a == ⏵'x'", .syntax, message: "double quotes")
        assertError("FROM t | WHERE a == ⏵§", .syntax, message: "unexpected character '§'")
    }

    func testChainedComparison() {
        assertError("FROM t | WHERE 1 < a ⏵< 3", .syntax, message: "cannot be chained", expected: "AND")
    }

    func testCommandLevelErrors() {
        assertError("⏵WHERE a == 1", .syntax, message: "must start with FROM", expected: "FROM")
        assertError("FROM t | ⏵FOO a", .syntax, message: "unknown command 'FOO'", expected: "WHERE, EVAL, STATS")
        assertError("FROM t | WHERE a > 1 | ⏵FROM u", .syntax, message: "FROM can only start a query")
        assertError("FROM t |⏵", .syntax, message: "after '|'", expected: "a command")
        assertError("⏵", .syntax, message: "empty", expected: "FROM")
        assertError("FROM ⏵| LIMIT 1", .syntax, message: "in FROM", expected: "an index pattern")
        assertError("FROM a ⏵b", .syntax, message: "unexpected 'b' in FROM", expected: "','")
        assertError("FROM a METADATA ⏵| LIMIT 1", .syntax, message: "after METADATA", expected: "_id")
        assertError("FROM t | LIMIT ⏵ten", .syntax, message: "after LIMIT", expected: "a non-negative integer")
        assertError("FROM t | KEEP ⏵| LIMIT 1", .syntax, message: "missing column name after KEEP", expected: "a column name")
        assertError("FROM t | RENAME a ⏵b", .syntax, message: "in RENAME", expected: "AS")
        assertError("FROM t | RENAME a.⏵* AS b", .syntax, message: "does not take wildcards")
        assertError("FROM t | SORT a ⏵UP", .syntax, message: "in SORT", expected: "ASC, DESC")
        assertError("FROM t | SORT a NULLS ⏵LATER", .syntax, message: "after NULLS", expected: "FIRST or LAST")
        assertError("FROM t | STATS ⏵| LIMIT 1", .syntax, message: "STATS needs aggregates or BY")
        assertError("FROM t | STATS COUNT(*) ⏵x", .syntax, message: "in STATS", expected: "BY")
        assertError("FROM t | EVAL x = 1 ⏵z", .syntax, message: "unexpected 'z' in EVAL", expected: "',', an operator")
        assertError("FROM t | WHERE a == 1 ⏵b", .syntax, message: "unexpected 'b' in WHERE", expected: "an operator, '|' or the end of the query")
        assertError("FROM t | WHERE a IS ⏵NOTNULL", .syntax, message: "after IS", expected: "NULL")
        assertError("FROM t | WHERE a LIKE ⏵b", .syntax, message: "after LIKE", expected: "a pattern string")
    }

    func testErrorsOnLaterLines() {
        assertError("FROM t\n| EVAL a = 1\n| WHERE a >\n⏵| LIMIT 1", .syntax, message: "after '>'", expected: "an expression")
        assertError("FROM t\n| EVAL a = 1\n\t| ⏵ENRICH policy ON a", .unsupported, message: "unsupported: ENRICH")
    }

    func testMisspeltTimeUnit() {
        assertError("FROM t | WHERE @timestamp > NOW() - 7⏵dayz", .syntax, message: "unknown time unit 'dayz'", expected: "a time unit")
    }

    func testUnknownCastType() {
        assertError("FROM t | EVAL x = a::⏵widget", .syntax, message: "unknown type 'widget'", expected: "keyword")
        assertError("FROM t | EVAL x = a::⏵geo_point", .unsupported, message: "unsupported: cast to geo_point")
    }

    // MARK: DISSECT and GROK patterns

    func testBadDissectPattern() {
        assertError(#"FROM t | DISSECT message "%{a} ⏵%{b""#, .syntax, message: "bad DISSECT pattern: the key opened here is never closed", expected: "'}'")
        assertError(#"FROM t | DISSECT message "\t[%{a}⏵%{b}]""#, .syntax, message: "without a delimiter", expected: "literal text")
        assertError(#"FROM t | DISSECT message """\d %{a} ⏵%{+}""""#, .syntax, message: "an append key needs a name")
        assertError(#"FROM t | DISSECT message "⏵no keys""#, .syntax, message: "has no key", expected: "%{key}")
        assertError(#"FROM t | DISSECT message "%{a} ⏵%{*b}""#, .unsupported, message: "unsupported: DISSECT reference keys")
        assertError(#"FROM t | DISSECT message "%{a}" ⏵SEPARATOR = ",""#, .syntax, message: "unknown DISSECT option 'SEPARATOR'", expected: "APPEND_SEPARATOR")
        assertError(#"FROM t | DISSECT message ⏵| LIMIT 1"#, .syntax, message: "in DISSECT", expected: "pattern as a string")
    }

    func testBadGrokPattern() {
        assertError(#"FROM t | GROK message "%{IP:ip} ⏵%{NOPE:x}""#, .syntax, message: "unknown GROK pattern 'NOPE'", expected: "WORD")
        assertError(#"FROM t | GROK message "⏵%{NUMBER:n:hex}""#, .syntax, message: "unknown GROK type 'hex'", expected: "int, long")
        assertError(#"FROM t | GROK message """\s+⏵%{WORD:w""""#, .syntax, message: "never closed", expected: "'}'")
        assertError(#"FROM t | GROK message "a" ⏵, "b""#, .unsupported, message: "GROK with several patterns")
    }

    // MARK: Unsupported commands and functions

    func testUnsupportedCommands() {
        assertError("FROM t | ⏵ENRICH policy ON ip WITH name", .unsupported, message: "unsupported: ENRICH")
        assertError("FROM t | ⏵LOOKUP JOIN threat_intel ON ip", .unsupported, message: "unsupported: LOOKUP JOIN")
        assertError("FROM t | ⏵INLINESTATS c = COUNT(*) BY x", .unsupported, message: "unsupported: INLINESTATS")
        assertError("FROM t | ⏵FORK (WHERE a) (WHERE b)", .unsupported, message: "unsupported: FORK")
        assertError("FROM t | ⏵CHANGE_POINT x ON @timestamp", .unsupported, message: "unsupported: CHANGE_POINT")
        assertError("FROM t | ⏵completion x", .unsupported, message: "unsupported: COMPLETION")
        assertError("⏵ROW a = 1", .unsupported, message: "unsupported: ROW")
        assertError("⏵SHOW INFO", .unsupported, message: "unsupported: SHOW")
    }

    func testUnknownFunction() {
        assertError("FROM t | WHERE LENGTH(a) > 1 AND ⏵LEVENSHTEIN(a, b) < 3", .unsupported, message: "unsupported: LEVENSHTEIN")
        assertError("FROM t\n| EVAL x = TO_LOWER(⏵nope(a))", .unsupported, message: "unsupported: NOPE")
        assertError("FROM t | STATS c = COUNT(*) BY ⏵FOO(x)", .unsupported, message: "unsupported: FOO")
    }

    func testUnsupportedAggregatesAndForms() {
        assertError("FROM t | STATS ⏵MEDIAN(bytes) BY host", .unsupported, message: "unsupported: MEDIAN")
        assertError("FROM t | STATS p = ⏵PERCENTILE(bytes, 99)", .unsupported, message: "unsupported: PERCENTILE")
        assertError("FROM t | STATS c = COUNT(*) BY ⏵BUCKET(@timestamp, 20, \"2026-01-01\", \"2026-01-02\")", .unsupported, message: "unsupported: BUCKET with a bucket count")
        assertError("FROM t | WHERE a ⏵: \"text\"", .unsupported, message: "unsupported: the match operator")
        assertError("FROM t | WHERE a == ⏵?param", .unsupported, message: "unsupported: query parameters")
    }

    // MARK: Semantic

    func testWrongArity() {
        assertError("FROM t | EVAL x = ⏵STARTS_WITH(a)", .semantic, message: "STARTS_WITH takes 2 arguments, not 1")
        assertError("FROM t | EVAL x = ⏵CONCAT(a)", .semantic, message: "CONCAT takes at least 2 arguments, not 1")
        assertError("FROM t | EVAL x = ⏵SUBSTRING(a)", .semantic, message: "SUBSTRING takes 2 to 3 arguments, not 1")
        assertError("FROM t | EVAL x = ⏵CASE(a)", .semantic, message: "CASE takes conditions and values")
        assertError("FROM t | STATS ⏵SUM(a, b)", .semantic, message: "SUM takes one argument, not 2")
    }

    func testAggregatesOutsideStats() {
        assertError("FROM t | WHERE ⏵COUNT(*) > 1", .semantic, message: "aggregate functions are only allowed in STATS")
        assertError("FROM t | STATS c = COUNT(*) BY ⏵MAX(x)", .semantic, message: "BY cannot group on an aggregate")
        assertError("FROM t | STATS x = MAX(⏵MIN(y))", .semantic, message: "cannot be nested")
    }

    func testStatsNeedsAggregates() {
        assertError("FROM t | STATS x = ⏵a + 1 BY k", .semantic, message: "STATS needs an aggregate function here")
        assertError("FROM t | STATS x = ⏵COUNT(*) + y BY k", .semantic, message: "column 'y' in COUNT(*) + y must be a BY key")
        assertError("FROM t | EVAL x = ⏵SUM(*)", .semantic, message: "aggregate")
        assertError("FROM t | STATS x = ⏵SUM(*)", .semantic, message: "'*' is only allowed in COUNT(*)")
    }

    func testDeepNestingIsASyntaxErrorNotAStackOverflow() throws {
        let limit = ESQLParser.maxDepth
        // Up to the limit, nested parentheses and operator chains plan.
        let nested = "FROM t | WHERE " + String(repeating: "(", count: limit - 1) + "a == 1" + String(repeating: ")", count: limit - 1)
        XCTAssertNoThrow(try ESQLFrontEnd.plan(nested))
        XCTAssertNoThrow(try ESQLFrontEnd.plan("FROM t | WHERE " + Array(repeating: "a == 1", count: limit - 1).joined(separator: " OR ")))
        // Past it, each shape fails where it crosses the limit, however deep the text goes.
        let deep = 20_000
        let cases: [(String, String)] = [
            ("FROM t | WHERE ", String(repeating: "(", count: deep)),
            ("FROM t | WHERE ", Array(repeating: "a == 1", count: deep).joined(separator: " OR ")),
            ("FROM t | WHERE ", String(repeating: "NOT ", count: deep) + "a"),
            ("FROM t | EVAL y = ", String(repeating: "-", count: deep) + "1"),
            ("FROM t | EVAL y = ", Array(repeating: "1", count: deep).joined(separator: " + ")),
            ("FROM t | EVAL y = a", String(repeating: "::long", count: deep)),
            ("FROM t | EVAL y = ", String(repeating: "ABS(", count: deep) + "1" + String(repeating: ")", count: deep)),
        ]
        for (prefix, body) in cases {
            let query = prefix + body
            XCTAssertThrowsError(try ESQLFrontEnd.parse(query), String(body.prefix(20))) { error in
                let e = error as? QueryError
                XCTAssertEqual(e?.kind, .syntax)
                XCTAssertTrue(e?.message.contains("nests deeper than \(limit) levels") ?? false, "\(String(describing: e))")
                XCTAssertEqual(e?.location?.line, 1)
                XCTAssertGreaterThan(e?.location?.offset ?? 0, prefix.utf8.count)
                XCTAssertLessThan(e?.location?.offset ?? .max, query.utf8.count)
            }
        }
    }

    func testRenderedErrorHasCaretUnderColumn() throws {
        let query = "FROM t\n| WHERE x = 1"
        XCTAssertThrowsError(try ESQLFrontEnd.plan(query)) { error in
            let rendered = (error as? QueryError)?.rendered(query: query)
            XCTAssertEqual(rendered, """
                error: '=' assigns a value; to compare, use '==' (expected '==') at line 2, column 11
                  | WHERE x = 1
                            ^
                """)
        }
    }
}
