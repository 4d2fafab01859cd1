import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

final class CQLLexerTests: XCTestCase {
    private func kinds(_ text: String) -> [CQLToken.Kind] {
        CQLLexer.tokenize(text).tokens.map(\.kind)
    }

    private func texts(_ text: String) -> [String] {
        CQLLexer.tokenize(text).tokens.dropLast().map(\.text)
    }

    func testTokensCarryLineAndColumn() {
        let (tokens, diagnostics) = CQLLexer.tokenize("#event_simpleName = \"DnsRequest\"\n| count()")
        XCTAssertEqual(diagnostics.count, 0)
        XCTAssertEqual(tokens.map(\.kind), [.word, .equal, .string, .pipe, .word, .leftParen, .rightParen, .end])
        XCTAssertEqual(tokens.map(\.location.line), [1, 1, 1, 2, 2, 2, 2, 2])
        XCTAssertEqual(tokens.map(\.location.column), [1, 19, 21, 1, 3, 8, 9, 10])
        XCTAssertEqual(tokens[2].text, "DnsRequest")
        XCTAssertTrue(tokens[3].newlineBefore)
        XCTAssertFalse(tokens[5].spaceBefore)
    }

    func testFieldNamesKeepTagDotAtAndColon() {
        XCTAssertEqual(texts("@timestamp #repo Vendor.a:b x:=1"), ["@timestamp", "#repo", "Vendor.a:b", "x", ":=", "1"])
        XCTAssertEqual(kinds("x:=1"), [.word, .colonEqual, .word, .end])
    }

    func testOperators() {
        XCTAssertEqual(
            kinds("== != <= >= < > := =~ => = ! + - * % | , ; [ ] { }"),
            [
                .doubleEqual, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater, .colonEqual, .tildeEqual, .arrow, .equal,
                .bang, .plus, .minus, .star, .percent, .pipe, .comma, .semicolon, .leftBracket, .rightBracket, .leftBrace,
                .rightBrace, .end,
            ])
    }

    func testStringEscapes() {
        let tokens = CQLLexer.tokenize(#""a\"b\\c\nd\*e\d""#).tokens
        XCTAssertEqual(tokens[0].kind, .string)
        XCTAssertEqual(tokens[0].text, "a\"b\\c\nd\\*e\\d")
    }

    func testRegexWithFlagsAndEscapedSlash() {
        let tokens = CQLLexer.tokenize(#"DomainName = /api\/v1\.twilio/i"#).tokens
        XCTAssertEqual(tokens[2].kind, .regex)
        XCTAssertEqual(tokens[2].text, #"api/v1\.twilio"#)
        XCTAssertEqual(tokens[2].flags, "i")
    }

    func testInlineFlagStaysInTheRegex() {
        let tokens = CQLLexer.tokenize(#"D = /(?i)(api\.twilio\.com)/"#).tokens
        XCTAssertEqual(tokens[2].text, #"(?i)(api\.twilio\.com)"#)
        XCTAssertEqual(tokens[2].flags, "")
    }

    func testSlashInCharacterClassDoesNotCloseTheRegex() {
        let tokens = CQLLexer.tokenize("Url = /[/]x/").tokens
        XCTAssertEqual(tokens[2].kind, .regex)
        XCTAssertEqual(tokens[2].text, "[/]x")
    }

    func testSlashIsDivisionAfterAnOperand() {
        XCTAssertEqual(kinds("x := a / b"), [.word, .colonEqual, .word, .slash, .word, .end])
        XCTAssertEqual(kinds("x := (a)/2"), [.word, .colonEqual, .leftParen, .word, .rightParen, .slash, .word, .end])
    }

    func testSlashStartsARegexWhereAFilterCanStart() {
        XCTAssertEqual(kinds(#""error" /fail/i"#), [.string, .regex, .end])
        XCTAssertEqual(kinds("a=1\n/err/"), [.word, .equal, .word, .regex, .end])
        XCTAssertEqual(kinds("a=1 /err/"), [.word, .equal, .word, .regex, .end])
        XCTAssertEqual(kinds("a=1 or /err/"), [.word, .equal, .word, .word, .regex, .end])
        XCTAssertEqual(kinds("| /err/"), [.pipe, .regex, .end])
    }

    func testCommentsAreSkipped() {
        let (tokens, diagnostics) = CQLLexer.tokenize("a=1 // line comment\n/* block\n comment */ b=2")
        XCTAssertEqual(diagnostics.count, 0)
        XCTAssertEqual(tokens.map(\.text), ["a", "=", "1", "b", "=", "2", ""])
        XCTAssertTrue(tokens[3].newlineBefore)
        XCTAssertEqual(tokens[3].location.line, 3)
        XCTAssertEqual(tokens[3].location.column, 13)
    }

    func testParameters() {
        let tokens = CQLLexer.tokenize("x > ?threshold y = ?{host=*}").tokens
        XCTAssertEqual(tokens.filter { $0.kind == .parameter }.map(\.text), ["threshold", "host"])
    }

    func testColumnsCountCharactersNotBytes() {
        let tokens = CQLLexer.tokenize("Name = \"é\" x=1").tokens
        XCTAssertEqual(tokens[3].text, "x")
        XCTAssertEqual(tokens[3].location.column, 12)
    }

    func testEndTokenFollowsTheLastToken() {
        let end = CQLLexer.tokenize("a=1   \n\n").tokens.last!
        XCTAssertEqual(end.kind, .end)
        XCTAssertEqual(end.location.line, 1)
        XCTAssertEqual(end.location.column, 4)
    }

    func testLexicalErrorsAreReportedAndLexingContinues() {
        let (tokens, diagnostics) = CQLLexer.tokenize("a = \"open\nb = /re/q")
        XCTAssertEqual(tokens.last?.kind, .end)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics[0].message, "unterminated string")
        XCTAssertEqual(diagnostics[0].location?.column, 5)

        let flags = CQLLexer.tokenize("b = /re/q").diagnostics
        XCTAssertEqual(flags.first?.message, "unknown regex flag `q`")
        XCTAssertEqual(flags.first?.location?.column, 9)
    }
}
