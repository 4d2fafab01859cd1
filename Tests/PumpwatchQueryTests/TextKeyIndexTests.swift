import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// `TextKeyIndex` finds exactly the groups of its table whose keys are the given texts.
final class TextKeyIndexTests: XCTestCase {
    /// Calls `body` with `texts` as byte buffers, as a reader hands them over.
    private func withTexts<R>(_ texts: [String], _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) -> R) -> R {
        let copies = texts.map { t -> UnsafeMutableRawBufferPointer in
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: t.utf8.count, alignment: 1)
            b.copyBytes(from: Array(t.utf8))
            return b
        }
        defer { for c in copies { c.deallocate() } }
        let buffers = copies.map { UnsafeRawBufferPointer($0) }
        return buffers.withUnsafeBufferPointer(body)
    }

    private func find(_ index: TextKeyIndex, _ texts: [String]) -> Int? {
        withTexts(texts) { b in GroupKeyHash.textHash(b).flatMap { index.find(b, hash: $0) } }
    }

    private func table(_ keys: [[Value]]) -> GroupTable {
        var t = GroupTable(width: keys.first?.count ?? 1)
        for k in keys { t.insert(k, hash: t.hash(k)) }
        return t
    }

    func testFindsSyncedGroupsAndNothingElse() {
        let t = table([
            [.string("a1"), .string("WEB-01")], [.string("a1"), .string("WEB-02")], [.string("ab"), .string("c")],
            [.int(4), .string("c")], [.string(""), .string("x")],
        ])
        let index = TextKeyIndex()
        index.sync(t)
        XCTAssertEqual(index.mirrored, 5)
        XCTAssertEqual(find(index, ["a1", "WEB-01"]), 0)
        XCTAssertEqual(find(index, ["a1", "WEB-02"]), 1)
        XCTAssertEqual(find(index, ["ab", "c"]), 2)
        XCTAssertEqual(find(index, ["", "x"]), 4)
        // The same bytes cut elsewhere are another key; an int is never text.
        XCTAssertNil(find(index, ["a", "bc"]))
        XCTAssertNil(find(index, ["4", "c"]))
        XCTAssertNil(find(index, ["a1", "WEB-0"]))
        XCTAssertNil(find(index, ["a1", "WEB-011"]))
    }

    func testInsertedGroupsAreFoundAndResetForgetsThem() {
        let index = TextKeyIndex()
        var t = GroupTable(width: 1)
        for i in 0..<1000 {
            let text = "key-\(i * 7919)"
            withTexts([text]) { b in
                let h = GroupKeyHash.textHash(b)!
                XCTAssertNil(index.find(b, hash: h))
                t.insert([.string(text)], hash: h)
                index.insert(b, hash: h, group: i)
            }
        }
        XCTAssertEqual(index.mirrored, 1000)
        XCTAssertTrue(index.isComplete)
        for i in stride(from: 0, to: 1000, by: 37) { XCTAssertEqual(find(index, ["key-\(i * 7919)"]), i) }
        XCTAssertNil(find(index, ["key-1"]))
        index.reset()
        XCTAssertEqual(index.mirrored, 0)
        XCTAssertNil(find(index, ["key-0"]))
        index.sync(t)
        XCTAssertEqual(find(index, ["key-\(999 * 7919)"]), 999)
    }

    /// Past its byte budget the index takes no more keys and says so: a miss is then not an answer.
    func testStopsTakingKeysPastItsBudget() {
        let index = TextKeyIndex(maxKeyBytes: 64)
        var t = GroupTable(width: 1)
        for i in 0..<10 { t.insert([.string("group-\(i)")], hash: GroupKeyHash.byteHash([Value.string("group-\(i)")])!) }
        index.sync(t)
        XCTAssertFalse(index.isComplete)
        XCTAssertEqual(index.mirrored, 10)
        // Each key takes 4 + 7 bytes: five fit in 64.
        XCTAssertEqual(find(index, ["group-4"]), 4)
        XCTAssertNil(find(index, ["group-5"]))
        index.reset()
        XCTAssertTrue(index.isComplete)
    }

    /// Dates are held as their milliseconds' bytes, marked: found as dates, never as text of the same bytes.
    func testDatesAreFoundAsDatesAndNeverAsText() {
        let ms: Int64 = 1_795_341_600_000
        let t = table([[.date(ms), .string("a1")], [.date(ms + 10_000), .string("a1")], [.string("x"), .string("a1")]])
        let index = TextKeyIndex()
        index.sync(t)
        let sameBytes = withUnsafeBytes(of: ms) { String(decoding: $0, as: UTF8.self) }
        func findDate(_ millis: Int64, _ text: String, dates: UInt64 = 1) -> Int? {
            let bytes = withUnsafeBytes(of: millis) { Array($0) }
            return bytes.withUnsafeBytes { d in
                Array(text.utf8).withUnsafeBytes { s in
                    [d, s].withUnsafeBufferPointer { b in
                        let h = GroupKeyHash.textHash(b, dates: dates)
                        XCTAssertEqual(h, dates == 1 ? GroupKeyHash.byteHash([Value.date(millis), .string(text)]) : h)
                        return h.flatMap { index.find(b, dates: dates, hash: $0) }
                    }
                }
            }
        }
        XCTAssertEqual(findDate(ms, "a1"), 0)
        XCTAssertEqual(findDate(ms + 10_000, "a1"), 1)
        XCTAssertNil(findDate(ms + 1, "a1"))
        XCTAssertNil(findDate(ms, "a2"))
        XCTAssertNil(findDate(ms, "a1", dates: 0), "the same bytes as text are another key")
        XCTAssertNil(find(index, [sameBytes, "a1"]))
        XCTAssertEqual(find(index, ["x", "a1"]), 2)
    }
}
