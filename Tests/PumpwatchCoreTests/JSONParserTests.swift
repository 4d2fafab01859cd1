import XCTest
@testable import PumpwatchCore

final class JSONParserTests: XCTestCase {
    func testParsesCloudTrailRecordKeepingKeyOrder() throws {
        let text = #"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","accountId":"111122223333"},"eventTime":"2026-11-22T10:00:00Z","readOnly":false,"requestParameters":{"phoneNumber":"+15550001234"},"n":[1,2.5,-3e2],"x":null}"#
        let v = try JSONParser.parse(text)
        XCTAssertEqual(v.objectMembers?.map(\.0), ["eventVersion", "userIdentity", "eventTime", "readOnly", "requestParameters", "n", "x"])
        XCTAssertEqual(v["userIdentity"]?["accountId"]?.string, "111122223333")
        XCTAssertEqual(v["readOnly"], .bool(false))
        XCTAssertEqual(v["n"], .array([.int(1), .double(2.5), .double(-300)]))
        XCTAssertEqual(v["x"], .null)
    }

    func testEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(#""a\"b\\c\n\u00e9\ud83d\ude00""#)
        XCTAssertEqual(v.string, "a\"b\\c\né😀")
    }

    func testLoneSurrogateReadsAsReplacementWithoutSwallowingTheNextEscape() throws {
        // A high surrogate followed by an escape that is not a low surrogate: each reads on its own.
        XCTAssertEqual(try JSONParser.parse(#""\ud800\u0041""#).string, "\u{FFFD}A")
        XCTAssertEqual(try JSONParser.parse(#""\udafa\udafa2b""#).string, "\u{FFFD}\u{FFFD}2b")
        XCTAssertEqual(try JSONParser.parse(#""\ud800\ud83d\ude00""#).string, "\u{FFFD}😀")
        XCTAssertEqual(try JSONParser.parse(#""\ude00\ud83d""#).string, "\u{FFFD}\u{FFFD}")
        XCTAssertEqual(try JSONParser.parse(#""\ud800\n""#).string, "\u{FFFD}\n")
        // The escape after a lone high surrogate is still checked.
        XCTAssertThrowsError(try JSONParser.parse(#""\ud800\u00zz""#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, 9)
        }
    }

    func testNumbersBeyond64BitsBecomeDoubles() throws {
        XCTAssertEqual(try JSONParser.parse("123456789012345678901234567890"), .double(1.2345678901234568e29))
        XCTAssertEqual(try JSONParser.parse("-9223372036854775808"), .int(.min))
    }

    func testRejectsMalformedDocumentsWithOffsets() {
        let cases: [(String, Int)] = [
            (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), ("[1,2", 4), (#""abc"#, 4), ("tru", 0), ("{} x", 3), ("01", 1), ("\"a\u{01}\"", 2),
        ]
        for (text, offset) in cases {
            XCTAssertThrowsError(try JSONParser.parse(text), text) { error in
                XCTAssertEqual((error as? JSONParseError)?.offset, offset, text)
            }
        }
    }

    func testRejectsInvalidUTF8AndDeepNesting() {
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertTrue((error as? JSONParseError)?.message.contains("nesting") ?? false)
        }
    }

    func testNestingLimitCountsContainersWhateverTheyHold() throws {
        let n = JSONParser.maxDepth
        // 512 nested containers read, whether the innermost is empty or holds a value.
        XCTAssertNoThrow(try JSONParser.parse(String(repeating: "[", count: n) + String(repeating: "]", count: n)))
        XCTAssertNoThrow(try JSONParser.parse(String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n)))
        XCTAssertNoThrow(try JSONParser.parse(String(repeating: #"{"a":"#, count: n) + #""x""# + String(repeating: "}", count: n)))
        // One more is too deep, and the error points at the container that goes past the limit.
        XCTAssertThrowsError(try JSONParser.parse(String(repeating: "[", count: n + 1) + "1" + String(repeating: "]", count: n + 1))) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, n)
        }
    }

    func testWriterRoundTrips() throws {
        let text = #"{"a":"x\"y\u0001","b":[true,null,1.5],"c":{"d":-2}}"#
        let v = try JSONParser.parse(text)
        XCTAssertEqual(JSONWriter.serialize(v), text)
    }
}
