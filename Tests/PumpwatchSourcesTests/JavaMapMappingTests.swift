import PumpwatchCore
import PumpwatchSources
import XCTest

/// Java `Map.toString()` rendering, as Elastic stores `aws.cloudtrail.request_parameters`.
final class JavaMapMappingTests: XCTestCase {
    func testRendersNestedObjectsListsNumbersAndBooleansWithoutEmptyValues() throws {
        let parsed = try JSONParser.parse("""
            {"count":3,"enabled":true,"disabled":false,"tags":["a","b"],"nested":{"x":1,"y":[{"k":"v"}],"z":[]},"empty":"","none":null,"label":"plain text, with comma"}
            """)
        let cleaned = try XCTUnwrap(JSONFlattener.removingEmpty(parsed))
        XCTAssertEqual(
            JavaMapFormatter.string(cleaned),
            "{count=3, disabled=false, label=plain text, with comma, nested={x=1, y=[{k=v}]}, enabled=true, tags=[a, b]}")
    }

    func testScalarsAndListsOutsideMaps() throws {
        XCTAssertEqual(JavaMapFormatter.string(try JSONParser.parse(#"["+15550001234", 2, 2.5, true]"#)), "[+15550001234, 2, 2.5, true]")
        XCTAssertEqual(JavaMapFormatter.string(.string("as is")), "as is")
        XCTAssertEqual(JavaMapFormatter.string(try JSONParser.parse("{}")), "{}")
    }

    func testDoublesPrintAsJavaPrintsThem() {
        XCTAssertEqual(JavaMapFormatter.javaDouble(0.5), "0.5")
        XCTAssertEqual(JavaMapFormatter.javaDouble(1.0), "1.0")
        XCTAssertEqual(JavaMapFormatter.javaDouble(100), "100.0")
        XCTAssertEqual(JavaMapFormatter.javaDouble(-2.5), "-2.5")
        XCTAssertEqual(JavaMapFormatter.javaDouble(0.001), "0.001")
        XCTAssertEqual(JavaMapFormatter.javaDouble(0.0001), "1.0E-4")
        XCTAssertEqual(JavaMapFormatter.javaDouble(0.00645), "0.00645")
        XCTAssertEqual(JavaMapFormatter.javaDouble(9_999_999), "9999999.0")
        XCTAssertEqual(JavaMapFormatter.javaDouble(10_000_000), "1.0E7")
        XCTAssertEqual(JavaMapFormatter.javaDouble(12_345_678.9), "1.23456789E7")
        XCTAssertEqual(JavaMapFormatter.javaDouble(1e21), "1.0E21")
        XCTAssertEqual(JavaMapFormatter.javaDouble(0), "0.0")
    }

    func testKeysFollowJavaHashMapOrder() {
        XCTAssertEqual(JavaMapFormatter.javaHashCode("hello"), 99_162_322)
        XCTAssertEqual(JavaMapFormatter.javaHashCode("phoneNumber"), -1_192_969_641)
        let three = JavaMapFormatter.hashMapOrder([("zeta", .int(1)), ("alpha", .int(2)), ("mid", .int(3))]).map(\.0)
        XCTAssertEqual(three, ["zeta", "alpha", "mid"])
        // Fourteen keys pass the 0.75 load factor of 16 buckets, so the table has 32.
        let many = (0..<14).map { ("key\($0)", JSONValue.int(Int64($0))) }
        XCTAssertEqual(
            JavaMapFormatter.hashMapOrder(many).map(\.0),
            ["key1", "key2", "key0", "key5", "key6", "key3", "key4", "key9", "key7", "key8", "key11", "key10", "key13", "key12"])
    }

    func testRepeatedKeyKeepsItsFirstPlaceAndTakesTheLastValue() {
        let order = JavaMapFormatter.hashMapOrder([("b", .int(1)), ("a", .int(2)), ("b", .int(3))])
        XCTAssertEqual(order.map(\.0), ["a", "b"])
        XCTAssertEqual(order.first { $0.0 == "b" }?.1, .int(3))
    }
}
