import PumpwatchCore
import XCTest

final class TextSearchTests: XCTestCase {
    func testFindsNeedlesAnywhereAndOnlyWhereTheyAre() {
        XCTAssertTrue(TextSearch.contains("api.twilio.com", "api.twilio.com"))
        XCTAssertTrue(TextSearch.contains("x.api.twilio.com", "twilio"))
        XCTAssertTrue(TextSearch.contains("api.twilio.com", "com"))
        XCTAssertTrue(TextSearch.contains("api.twilio.com", "a"))
        XCTAssertFalse(TextSearch.contains("api.twilio.com", "twilio.co.uk"))
        XCTAssertFalse(TextSearch.contains("twi", "twilio"))
        XCTAssertFalse(TextSearch.contains("", "a"))
        // Partial matches before the real one: the search goes on after each false start.
        XCTAssertTrue(TextSearch.contains("aaaab", "aab"))
        XCTAssertTrue(TextSearch.contains("/api/v1/send-otp-now", "/send-otp"))
        XCTAssertFalse(TextSearch.contains("/api/v1/send-ot", "/send-otp"))
    }

    func testEmptyNeedleAndMultibyteText() {
        XCTAssertTrue(TextSearch.contains("", ""))
        XCTAssertTrue(TextSearch.contains("abc", ""))
        XCTAssertTrue(TextSearch.contains("münchen.example", "ünch"))
        XCTAssertFalse(TextSearch.contains("münchen.example", "unch"))
        // Byte for byte: a decomposed é is not the composed one.
        XCTAssertFalse(TextSearch.contains("caf\u{65}\u{301}", "caf\u{e9}"))
        // Substrings and bridged text take the same path.
        let sub = "xx-api.plivo.com-yy".dropFirst(3).dropLast(3)
        XCTAssertTrue(TextSearch.contains(String(sub), "plivo"))
    }

    func testOffsetsOfRawBytes() {
        let hay = Array("phoneNumber=+1555, message=hi".utf8)
        hay.withUnsafeBytes { h in
            XCTAssertEqual(Array("message=".utf8).withUnsafeBytes { TextSearch.firstOffset(of: $0, in: h) }, 19)
            XCTAssertEqual(Array("phoneNumber=".utf8).withUnsafeBytes { TextSearch.firstOffset(of: $0, in: h) }, 0)
            XCTAssertNil(Array("messages=".utf8).withUnsafeBytes { TextSearch.firstOffset(of: $0, in: h) })
            XCTAssertEqual([UInt8]().withUnsafeBytes { TextSearch.firstOffset(of: $0, in: h) }, 0)
        }
    }
}
