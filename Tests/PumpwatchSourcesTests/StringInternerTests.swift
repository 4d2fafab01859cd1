import XCTest

@testable import PumpwatchSources

final class StringInternerTests: XCTestCase {
    private func intern(_ interner: StringInterner, _ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { interner.string($0) }
    }

    /// The address of a string's UTF-8 storage, to tell a shared string from a copy.
    private func storage(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    func testRepeatedValuesShareOneStorage() {
        let interner = StringInterner()
        let arn = Array("arn:aws:sts::123456789012:assumed-role/shop-api-task/8f2c4a91".utf8)
        let first = intern(interner, arn)
        let again = intern(interner, arn)
        XCTAssertEqual(first, "arn:aws:sts::123456789012:assumed-role/shop-api-task/8f2c4a91")
        XCTAssertEqual(again, first)
        XCTAssertNotNil(storage(first))
        XCTAssertEqual(storage(first), storage(again), "a repeat is the kept string, not a new allocation")
        // Decoding without the interner makes a separate copy.
        let plain = arn.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        XCTAssertNotEqual(storage(plain), storage(first))
    }

    func testValuesSharingASlotEachReadBack() {
        // One slot: every value evicts the one before, and each still reads back exactly.
        let interner = StringInterner(slotCount: 1)
        let a = "aws-sdk-js/3.699.0 ua/2.1 os/linux"
        let b = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0"
        for _ in 0..<3 {
            XCTAssertEqual(intern(interner, Array(a.utf8)), a)
            XCTAssertEqual(intern(interner, Array(b.utf8)), b)
        }
        // Same length and slot, one byte apart.
        XCTAssertEqual(intern(interner, Array("+232761200000000001".utf8)), "+232761200000000001")
        XCTAssertEqual(intern(interner, Array("+232761200000000002".utf8)), "+232761200000000002")
    }

    func testShortLongAndInvalidTextDecodeAsStringDoes() {
        let interner = StringInterner()
        let cases: [[UInt8]] = [
            [],
            Array("Publish".utf8),
            Array(String(repeating: "x", count: StringInterner.maximumLength + 1).utf8),
            Array("caf\u{e9} \u{1F4F1} texting from somewhere".utf8),
            [0x61, 0x62, 0xFF, 0xFE] + Array(" not UTF-8 but long enough".utf8),
        ]
        for bytes in cases {
            let expected = bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            XCTAssertEqual(intern(interner, bytes), expected)
            XCTAssertEqual(intern(interner, bytes), expected, "the cached answer is the same")
        }
    }
}
