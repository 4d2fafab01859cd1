import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// `GroupTable` finds every key it holds, in insertion order, across growth, removal and a switch
/// to standard hashing.
final class GroupTableTests: XCTestCase {
    private func phone(_ i: Int) -> [Value] { [.string("+4477009\(String(100_000 + i))"), .string("us-east-1")] }

    private func build(_ n: Int) -> GroupTable {
        var table = GroupTable(width: 2)
        for i in 0..<n {
            let key = phone(i)
            let h = table.hash(key)
            XCTAssertNil(table.find(key, hash: h), "key \(i) is new")
            XCTAssertEqual(table.insert(key, hash: h), i)
        }
        return table
    }

    func testFindsEveryKeyAcrossGrowthInInsertionOrder() {
        var table = build(5000)
        XCTAssertEqual(table.count, 5000)
        for i in stride(from: 0, to: 5000, by: 7) {
            let key = phone(i)
            XCTAssertEqual(table.find(key, hash: table.hash(key)), i)
            XCTAssertEqual(Array(table.key(i)), key)
        }
        let absent = phone(5000)
        XCTAssertNil(table.find(absent, hash: table.hash(absent)))
        XCTAssertNil(table.group(of: absent))
    }

    func testRemovingGroupsKeepsTheRestFindableInOrder() {
        var table = build(300)
        XCTAssertEqual(table.removeGroups(where: { $0 % 3 != 0 }), 200)
        XCTAssertEqual(table.count, 100)
        for j in 0..<100 {
            let key = phone(j * 3)
            XCTAssertEqual(table.find(key, hash: table.hash(key)), j)
            XCTAssertNil(table.group(of: phone(j * 3 + 1)))
        }
        XCTAssertEqual(table.removeGroups(where: { _ in true }), 100)
        XCTAssertEqual(table.count, 0)
        XCTAssertNil(table.group(of: phone(0)))
        let key = phone(7)
        XCTAssertEqual(table.insert(key, hash: table.hash(key)), 0)
        XCTAssertEqual(table.group(of: key), 0)
    }

    func testTextOutsideASCIISwitchesToStandardHashingAndKeepsEveryKey() {
        var table = build(40)
        XCTAssertTrue(table.byteHashing)
        let accented: [Value] = [.string("Zoë"), .string("us-east-1")]
        let h = table.hash(accented)
        XCTAssertFalse(table.byteHashing)
        table.insert(accented, hash: h)
        // The same text written decomposed is the same key.
        let decomposed: [Value] = [.string("Zoe\u{308}"), .string("us-east-1")]
        XCTAssertEqual(table.find(decomposed, hash: table.hash(decomposed)), 40)
        for i in 0..<40 { XCTAssertEqual(table.group(of: phone(i)), i) }
    }

    func testLookupOfTextOutsideASCIIInAByteHashedTableComparesValues() {
        var table = GroupTable(width: 1)
        let ascii: [Value] = [.string("K")]
        table.insert(ascii, hash: table.hash(ascii))
        // U+212A KELVIN SIGN is canonically equivalent to "K".
        XCTAssertEqual(table.group(of: [Value.string("\u{212A}")]), 0)
        XCTAssertTrue(table.byteHashing, "a lookup leaves the hashing alone")
        XCTAssertNil(table.group(of: [Value.string("\u{00C5}")]))
    }
}
