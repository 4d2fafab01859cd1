import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

final class ESQLLexerTests: XCTestCase {
    private func kinds(_ text: String) -> [ESQLToken.Kind] {
        ESQLLexer.tokenize(text).map(\.kind).dropLast()
    }

    func testKeywordsAreCaseInsensitive() {
        XCTAssertEqual(kinds("a AND b and c Or NOT d In e Is NuLL LIKE rlike TRUE false"), [
            .identifier("a"), .keyword(.and), .identifier("b"), .keyword(.and), .identifier("c"), .keyword(.or),
            .keyword(.not), .identifier("d"), .keyword(.in), .identifier("e"), .keyword(.is), .keyword(.null),
            .keyword(.like), .keyword(.rlike), .keyword(.true), .keyword(.false),
        ])
    }

    func testCommandNamesAndContextualWordsAreIdentifiers() {
        XCTAssertEqual(kinds("where by AS asc"), [.identifier("where"), .identifier("by"), .identifier("AS"), .identifier("asc")])
        XCTAssertTrue(ESQLLexer.tokenize("By")[0].isWord("by"))
    }

    func testOperators() {
        XCTAssertEqual(kinds("== != < <= > >= =~ = + - * / % :: : ( ) [ ] , . | ?"), [
            .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .caseInsensitiveEqual, .assign,
            .plus, .minus, .star, .slash, .percent, .doubleColon, .colon, .leftParen, .rightParen,
            .leftBracket, .rightBracket, .comma, .dot, .pipe, .questionMark,
        ])
    }

    func testNumbers() {
        XCTAssertEqual(kinds("0 42 1.5 2. .25 1e3 2.5E-2 99999999999999999999"), [
            .integer(0), .integer(42), .decimal(1.5), .decimal(2), .decimal(0.25), .decimal(1000), .decimal(0.025), .decimal(1e20),
        ])
    }

    func testTimeSpans() {
        XCTAssertEqual(kinds("10 seconds 7day 1h 7 day 3 MO 250ms 2\tweeks"), [
            .timeSpan(TimeSpan(amount: 10, unit: .second)), .timeSpan(TimeSpan(amount: 7, unit: .day)),
            .timeSpan(TimeSpan(amount: 1, unit: .hour)), .timeSpan(TimeSpan(amount: 7, unit: .day)),
            .timeSpan(TimeSpan(amount: 3, unit: .month)), .timeSpan(TimeSpan(amount: 250, unit: .millisecond)),
            .timeSpan(TimeSpan(amount: 2, unit: .week)),
        ])
        // A word that is not a unit stays a separate token.
        XCTAssertEqual(kinds("5 dayz"), [.integer(5), .identifier("dayz")])
    }

    func testStrings() {
        XCTAssertEqual(kinds(#""a\tb\n\r\"\\" "" "é""#), [
            .string("a\tb\n\r\"\\", tripleQuoted: false), .string("", tripleQuoted: false), .string("é", tripleQuoted: false),
        ])
    }

    func testTripleQuotedStringsAreRaw() {
        XCTAssertEqual(kinds(#""""C:\temp\n""" """say "hi"""" """"""""#), [
            .string(#"C:\temp\n"#, tripleQuoted: true), .string(#"say "hi""#, tripleQuoted: true), .string(#"""#, tripleQuoted: true),
        ])
        // Up to two quotes before the closing ones belong to the text.
        XCTAssertEqual(kinds(String(repeating: "\"", count: 8)), [.string(#""""#, tripleQuoted: true)])
    }

    func testQuotedIdentifiers() {
        XCTAssertEqual(kinds("`user name` `a``b` `@timestamp`"), [
            .quotedIdentifier("user name"), .quotedIdentifier("a`b"), .quotedIdentifier("@timestamp"),
        ])
    }

    func testIdentifiersAndDots() {
        XCTAssertEqual(kinds("@timestamp aws.cloudtrail.user_identity.arn _id x1"), [
            .identifier("@timestamp"), .identifier("aws"), .dot, .identifier("cloudtrail"), .dot, .identifier("user_identity"),
            .dot, .identifier("arn"), .identifier("_id"), .identifier("x1"),
        ])
    }

    func testComments() {
        XCTAssertEqual(kinds("a // line comment | b\n/* block /* nested */ still */ c"), [.identifier("a"), .identifier("c")])
    }

    func testFromModeReadsIndexPatterns() {
        XCTAssertEqual(kinds(#"FROM logs-aws.cloudtrail-*, "quoted*" METADATA _id | WHERE a-1"#), [
            .identifier("FROM"), .sourcePattern("logs-aws.cloudtrail-*"), .comma, .string("quoted*", tripleQuoted: false),
            .sourcePattern("METADATA"), .sourcePattern("_id"), .pipe, .identifier("WHERE"), .identifier("a"), .minus, .integer(1),
        ])
        // `from` only starts FROM mode as a command.
        XCTAssertEqual(kinds("from a | where from-1"), [
            .identifier("from"), .sourcePattern("a"), .pipe, .identifier("where"), .identifier("from"), .minus, .integer(1),
        ])
        XCTAssertEqual(kinds("FROM a/*c*/,b//x\n"), [.identifier("FROM"), .sourcePattern("a"), .comma, .sourcePattern("b")])
    }

    func testLocationsAreOneBasedLinesAndColumns() {
        let tokens = ESQLLexer.tokenize("FROM t\n| WHERE é == 1\n  AND x")
        let located = tokens.map { ($0.kind, $0.location.line, $0.location.column) }
        XCTAssertEqual(located[0].1, 1)
        XCTAssertEqual(located[0].2, 1)
        XCTAssertEqual(located[2].0, .pipe)
        XCTAssertEqual(located[2].1, 2)
        XCTAssertEqual(located[2].2, 1)
        // `é` is one column, two bytes.
        XCTAssertEqual(located[4].0, .invalid("unexpected character 'é'"))
        XCTAssertEqual(located[5].0, .equal)
        XCTAssertEqual(located[5].2, 11)
        XCTAssertEqual(tokens[5].location.offset, "FROM t\n| WHERE é ".utf8.count)
        XCTAssertEqual(located[7].0, .keyword(.and))
        XCTAssertEqual(located[7].1, 3)
        XCTAssertEqual(located[7].2, 3)
        XCTAssertEqual(tokens.last?.kind, .endOfInput)
    }

    func testTokenRangesCoverTheText() {
        let text = #"EVAL x = "a\"b""#
        let tokens = ESQLLexer.tokenize(text)
        let bytes = Array(text.utf8)
        XCTAssertEqual(String(decoding: bytes[tokens[3].range], as: UTF8.self), #""a\"b""#)
    }

    func testProblemsBecomeInvalidTokens() {
        let tokens = ESQLLexer.tokenize("a \"open\nb 'x' ! ~")
        let invalid = tokens.compactMap { t -> (String, Int, Int)? in
            if case .invalid(let m) = t.kind { return (m, t.location.line, t.location.column) }
            return nil
        }
        XCTAssertEqual(invalid.count, 5)
        XCTAssertTrue(invalid[0].0.hasPrefix("unterminated string"))
        XCTAssertEqual(invalid[0].1, 1)
        XCTAssertEqual(invalid[0].2, 3)
        XCTAssertTrue(invalid[1].0.contains("double quotes"))
        XCTAssertEqual(invalid[1].1, 2)
        XCTAssertEqual(invalid[1].2, 3)
        XCTAssertTrue(invalid[2].0.contains("double quotes"))
        XCTAssertTrue(invalid[3].0.contains("NOT"))
        XCTAssertEqual(invalid[4].0, "unexpected character '~'")
        // Lexing goes on after a problem.
        XCTAssertTrue(tokens.contains { $0.kind == .identifier("b") })
    }

    func testInvalidEscapePointsAtTheBackslash() throws {
        let tokens = ESQLLexer.tokenize(#"x == "a\d""#)
        guard case .invalid(let message) = tokens[2].kind else { return XCTFail("\(tokens[2])") }
        XCTAssertTrue(message.contains(#"'\d'"#))
        XCTAssertEqual(tokens[2].location.column, 8)
    }

    func testThrowingTokenizer() {
        XCTAssertThrowsError(try ESQLLexer.tokens("a \"b")) { error in
            guard let error = error as? QueryError else { return XCTFail() }
            XCTAssertEqual(error.kind, .syntax)
            XCTAssertEqual(error.location?.column, 3)
        }
        XCTAssertNoThrow(try ESQLLexer.tokens("a == \"b\""))
    }

    func testContentOffsetsMapBackToTheQuery() {
        let text = #"DISSECT m "\t%{a} %{""#
        let tokens = ESQLLexer.tokenize(text)
        let string = tokens[2]
        // Byte 5 of the decoded "\t%{a} %{" is the second '%'; in the query it is one byte further.
        XCTAssertEqual(ESQLLexer.sourceOffset(ofContentOffset: 5, in: string, text: text), 17)
        let triple = ESQLLexer.tokenize(#"GROK m """ab""""#)[2]
        XCTAssertEqual(ESQLLexer.sourceOffset(ofContentOffset: 1, in: triple, text: #"GROK m """ab""""#), 11)
    }
}
