import XCTest
@testable import PumpwatchQuery

/// What the parser refuses, and where it says the problem is.
final class RegexParserTests: XCTestCase {
    func testBackreferencesAreRefusedWithTheirPosition() {
        assertRefused(#"(\w+) \1"#, message: "regex: backreferences are not supported (they can take exponential time)", position: 7)
        assertRefused(#"(?<word>\w+)-\k<word>"#, message: "regex: backreferences are not supported (they can take exponential time)", position: 14)
        assertRefused(#"(?P<w>a)(?P=w)"#, message: "regex: backreferences are not supported (they can take exponential time)", position: 9)
    }

    func testGeneralLookaroundIsRefusedButOneCharacterIsKept() throws {
        assertRefused("twilio(?=\\.com)", message: "regex: lookahead is not supported except around a single character (it cannot run in linear time)", position: 7)
        assertRefused("(?<!api\\.)twilio", message: "regex: lookbehind is not supported except around a single character (it cannot run in linear time)", position: 1)
        XCTAssertTrue(try LinearTimeRegex("\\d{3}(?![0-9])").matches("call 555"))
        XCTAssertFalse(try LinearTimeRegex("^\\d{3}(?![0-9])").matches("5551"))
        XCTAssertTrue(try LinearTimeRegex("(?<![0-9])123").matches("x123"))
        XCTAssertFalse(try LinearTimeRegex("(?<![0-9])123").matches("0123"))
    }

    func testBacktrackingOnlyConstructsAreRefused() {
        assertRefused("(?>a+)b", message: "regex: atomic groups are not supported (they need backtracking)", position: 1)
        assertRefused("a++b", message: "regex: possessive quantifiers are not supported (they need backtracking)", position: 3)
        assertRefused("(?(1)a|b)", message: "regex: conditionals are not supported", position: 1)
    }

    func testMalformedPatternsAreRefusedWithTheirPosition() {
        assertRefused("(twilio", message: "regex: the group opened here is never closed", position: 1)
        assertRefused("twilio)", message: "regex: unmatched `)`", position: 7)
        assertRefused("[a-z", message: "regex: the class opened here is never closed", position: 1)
        assertRefused("+1555", message: "regex: nothing to repeat", position: 1)
        assertRefused("[z-a]", message: "regex: the range `z-a` is reversed", position: 2)
        assertRefused("a{5,2}", message: "regex: repetition {5,2} has its bounds reversed", position: 2)
        assertRefused("\\q", message: "regex: unknown escape `\\q`", position: 1)
        assertRefused("(?<n>a)(?<n>b)", message: "regex: the group name `n` is used twice", position: 8)
        assertRefused("a{100000}", message: "regex: repetition count above 1000", position: 2)
        assertRefused("(?:a{1000}){1000}", message: "regex: the pattern is too large once its repetitions are expanded", position: 1)
        assertRefused(String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000),
            message: "regex: groups are nested more than 200 deep", position: 201)
    }

    func testErrorDescriptionNamesThePosition() {
        do {
            _ = try LinearTimeRegex("^(\\d+)-\\1$")
            XCTFail("a backreference compiled")
        } catch {
            XCTAssertEqual(error.description, "regex: backreferences are not supported (they can take exponential time) at position 8 of the pattern")
        }
    }

    func testPositionsCountCharactersNotBytes() {
        assertRefused("straße(", message: "regex: the group opened here is never closed", position: 7)
    }

    private func assertRefused(_ pattern: String, message: String, position: Int, line: UInt = #line) {
        do {
            _ = try LinearTimeRegex(pattern)
            XCTFail("/\(pattern)/ compiled", line: line)
        } catch {
            XCTAssertEqual(error.message, message, "/\(pattern)/", line: line)
            XCTAssertEqual(error.position, position, "/\(pattern)/", line: line)
        }
    }
}
