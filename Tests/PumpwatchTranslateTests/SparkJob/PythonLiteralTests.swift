import XCTest

@testable import PumpwatchTranslate

/// The Python literals the job generator writes.
final class PythonLiteralTests: XCTestCase {
    func testStringEscapes() {
        XCTAssertEqual(PythonLiteral.string(#"{ComputerName} made "many" \ lookups"#), #""{ComputerName} made \"many\" \\ lookups""#)
        XCTAssertEqual(PythonLiteral.string("a\nb\tc\u{1}"), #""a\nb\tc\x01""#)
        XCTAssertEqual(PythonLiteral.string("Sierra Leone – +232"), "\"Sierra Leone – +232\"")
    }

    func testListsAndNone() {
        XCTAssertEqual(PythonLiteral.list(["aid", "ComputerName"]), #"["aid", "ComputerName"]"#)
        XCTAssertEqual(PythonLiteral.list([]), "[]")
        XCTAssertEqual(PythonLiteral.optional(nil), "None")
        XCTAssertEqual(PythonLiteral.optional("EventCount"), #""EventCount""#)
    }

    func testBlocksStayRawUnlessTheyCannot() {
        XCTAssertEqual(PythonLiteral.block("SELECT '\\\\.' AS x\nFROM t"), "r\"\"\"SELECT '\\\\.' AS x\nFROM t\"\"\"")
        XCTAssertEqual(PythonLiteral.block(#"SELECT """ AS x"#), #""SELECT \"\"\" AS x""#)
        XCTAssertEqual(PythonLiteral.block(#"SELECT x\"#), #""SELECT x\\""#)
        XCTAssertEqual(PythonLiteral.block(#"SELECT "x""#), #""SELECT \"x\"""#)
    }
}
