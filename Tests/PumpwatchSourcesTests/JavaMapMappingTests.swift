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

    /// `hashMapOrder` as first written, with a dictionary per map: the reference for the faster one.
    private func referenceOrder(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        func javaHash(_ s: String) -> Int32 {
            var h: Int32 = 0
            for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
            return h
        }
        func bucket(_ key: String, _ capacity: Int) -> Int {
            let h = UInt32(bitPattern: javaHash(key))
            return Int((h ^ (h >> 16)) & UInt32(capacity - 1))
        }
        var keys: [String] = []
        var values: [String: JSONValue] = [:]
        var capacity = 16
        var bucketSizes: [Int: Int] = [:]
        for (key, value) in members {
            if values[key] != nil {
                values[key] = value
                continue
            }
            values[key] = value
            keys.append(key)
            let b = bucket(key, capacity)
            let before = bucketSizes[b, default: 0]
            bucketSizes[b] = before + 1
            if (before >= 8 && capacity < 64) || keys.count > capacity * 3 / 4 {
                capacity *= 2
                if keys.count > capacity * 3 / 4 { capacity *= 2 }
                bucketSizes = [:]
                for k in keys { bucketSizes[bucket(k, capacity), default: 0] += 1 }
            }
        }
        let order = keys.enumerated().sorted { a, b in
            let ba = bucket(a.element, capacity)
            let bb = bucket(b.element, capacity)
            return ba != bb ? ba < bb : a.offset < b.offset
        }
        return order.map { ($0.element, values[$0.element]!) }
    }

    func testOrderMatchesTheReferenceOnRandomMaps() {
        // Keys sharing a Java hash ("Aa" and "BB", and their concatenations) fill one bin and make
        // the table grow early; non-ASCII keys take the UTF-16 path; repeats keep their first place.
        var pool = ["Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "AaAaAa", "BBBBBB", "AaBBAa", "BBAaBB", "phoneNumber", "Message", "TopicArn",
            "r\u{e9}gion", "\u{43a}\u{43b}\u{44e}\u{447}", "a\u{1F4F1}"]
        pool += (0..<120).map { "key\($0)" }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<400 {
            let count = next(90)
            let members = (0..<count).map { i in (pool[next(pool.count)], JSONValue.int(Int64(round * 100 + i))) }
            let fast = JavaMapFormatter.hashMapOrder(members)
            let reference = referenceOrder(members)
            XCTAssertEqual(fast.map(\.0), reference.map(\.0), "round \(round)")
            XCTAssertEqual(fast.map(\.1), reference.map(\.1), "round \(round)")
        }
        XCTAssertEqual(JavaMapFormatter.javaHashCode("Aa"), JavaMapFormatter.javaHashCode("BB"))
        XCTAssertEqual(JavaMapFormatter.javaHashCode("r\u{e9}gion"), -812_890_760)
    }
}
