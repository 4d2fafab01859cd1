import XCTest

@testable import PumpwatchSources

/// `ByteKeyedMemo` gives back exactly the answers it was told, per key and tag, in bounded memory.
final class ByteKeyedMemoTests: XCTestCase {
    private func answer(_ memo: ByteKeyedMemo, _ tag: UInt8, _ key: String) -> Bool? {
        Array(key.utf8).withUnsafeBytes { memo.answer(tag: tag, $0) }
    }

    private func remember(_ memo: ByteKeyedMemo, _ tag: UInt8, _ key: String, _ value: Bool) {
        Array(key.utf8).withUnsafeBytes { memo.remember(tag: tag, $0, value) }
    }

    func testGivesBackWhatItWasToldPerKeyAndTag() {
        let memo = ByteKeyedMemo()
        remember(memo, 1, "api.twilio.com", true)
        remember(memo, 1, "example.org", false)
        remember(memo, 2, "api.twilio.com", false)
        remember(memo, 1, "", true)
        XCTAssertEqual(answer(memo, 1, "api.twilio.com"), true)
        XCTAssertEqual(answer(memo, 2, "api.twilio.com"), false)
        XCTAssertEqual(answer(memo, 1, "example.org"), false)
        XCTAssertEqual(answer(memo, 1, ""), true)
        XCTAssertNil(answer(memo, 1, "api.twilio.co"))
        XCTAssertNil(answer(memo, 1, "api.twilio.comm"))
        XCTAssertNil(answer(memo, 3, "example.org"))
    }

    /// Past 1,024 answers it starts afresh rather than growing, and still answers right.
    func testStartsAfreshWhenFull() {
        let memo = ByteKeyedMemo()
        for i in 0..<1024 { remember(memo, 1, "host-\(i).example", i % 3 == 0) }
        XCTAssertEqual(answer(memo, 1, "host-999.example"), true)
        XCTAssertEqual(answer(memo, 1, "host-1000.example"), false)
        remember(memo, 1, "one-more", true)
        XCTAssertNil(answer(memo, 1, "host-999.example"))
        XCTAssertEqual(answer(memo, 1, "one-more"), true)
    }

    /// When most lookups miss, the memo says it does not pay.
    func testStopsBeingUsefulWhenValuesDoNotRepeat() {
        let memo = ByteKeyedMemo()
        for i in 0..<5000 {
            XCTAssertNil(answer(memo, 1, "unique-\(i)"))
            remember(memo, 1, "unique-\(i)", true)
        }
        XCTAssertFalse(memo.isUseful)
        let repeating = ByteKeyedMemo()
        remember(repeating, 1, "same", true)
        for _ in 0..<5000 { XCTAssertEqual(answer(repeating, 1, "same"), true) }
        XCTAssertTrue(repeating.isUseful)
    }
}
