import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

final class DissectPatternTests: XCTestCase {
    private func describe(_ p: DissectPattern) -> String {
        var s = "prefix=\(p.prefix.debugDescription)"
        for (key, delimiter) in p.keys {
            var k = key.name
            switch key.modifier {
            case .none: break
            case .skip: k = "?" + k
            case .append: k = "+" + k
            }
            if key.rightPadding { k += "->" }
            s += " [\(k)]\(delimiter.debugDescription)"
        }
        return s
    }

    private func parsed(_ pattern: String) -> String {
        do throws(DissectPatternParser.Failure) {
            return describe(try DissectPatternParser.parse(pattern))
        } catch {
            return "failure at \(error.offset): \(error.message)"
        }
    }

    func testKeysAndDelimiters() {
        XCTAssertEqual(parsed("%{a} %{b}"), #"prefix="" [a]" " [b]"""#)
        XCTAssertEqual(parsed("[%{ts}] %{level} - %{msg}."), #"prefix="[" [ts]"] " [level]" - " [msg]".""#)
    }

    func testModifiers() {
        XCTAssertEqual(parsed("%{?skip} %{} %{+a} %{a->} %{?b->}|"), #"prefix="" [?skip]" " [?]" " [+a]" " [a->]" " [?b->]"|""#)
    }

    func testOutputNamesSkipAndMergeAppends() throws {
        let p = try DissectPatternParser.parse("%{a} %{?x} %{b} %{+a} %{}", appendSeparator: ",")
        XCTAssertEqual(p.outputNames, ["a", "b"])
        XCTAssertEqual(p.appendSeparator, ",")
        XCTAssertEqual(p.source, "%{a} %{?x} %{b} %{+a} %{}")
    }

    func testSeedPattern() throws {
        let p = try DissectPatternParser.parse("%{user_agent_name} %{?user_agent_remainder}")
        XCTAssertEqual(p.keys.count, 2)
        XCTAssertEqual(p.keys[0].key, DissectPattern.Key(name: "user_agent_name", modifier: .none, rightPadding: false))
        XCTAssertEqual(p.keys[1].key, DissectPattern.Key(name: "user_agent_remainder", modifier: .skip, rightPadding: false))
        XCTAssertEqual(p.keys[1].delimiter, "")
        XCTAssertEqual(p.outputNames, ["user_agent_name"])
    }

    func testMalformedPatterns() {
        XCTAssertEqual(parsed("no keys"), "failure at 0: the DISSECT pattern has no key")
        XCTAssertEqual(parsed("%{a} %{b"), "failure at 5: the key opened here is never closed")
        XCTAssertEqual(parsed("%{a %{b}"), "failure at 0: the key opened here is not closed before the next '%{'")
        XCTAssertEqual(parsed("%{a}%{b}"), "failure at 4: two keys follow each other without a delimiter between them")
        XCTAssertEqual(parsed("x %{+}"), "failure at 2: an append key needs a name")
        XCTAssertEqual(parsed("%{a} %{?+b}"), "failure at 5: malformed key '%{?+b}'")
    }

    func testUnsupportedKeys() throws {
        XCTAssertThrowsError(try DissectPatternParser.parse("%{*k} %{&k}")) { error in
            let failure = error as? DissectPatternParser.Failure
            XCTAssertEqual(failure?.unsupported, true)
            XCTAssertEqual(failure?.offset, 0)
        }
        XCTAssertThrowsError(try DissectPatternParser.parse("%{a} %{+a/2}")) { error in
            XCTAssertEqual((error as? DissectPatternParser.Failure)?.offset, 5)
        }
    }

    func testMultiByteOffsets() {
        XCTAssertEqual(parsed("é %{a} %{"), "failure at 8: the key opened here is never closed")
    }
}
