import Foundation
import PumpwatchCore
import PumpwatchDetect
import XCTest

final class PhoneNumberTests: XCTestCase {
    func testParsesE164AndCommonWritings() {
        XCTAssertEqual(PhoneNumber("+15550001234")?.e164, "+15550001234")
        XCTAssertEqual(PhoneNumber(" +1 (555) 000-1234 ")?.e164, "+15550001234")
        XCTAssertEqual(PhoneNumber("0044 7700 900123")?.e164, "+447700900123")
        XCTAssertEqual(PhoneNumber("+44.7700.900123")?.e164, "+447700900123")
        XCTAssertEqual(PhoneNumber("whatsapp:+15550001234")?.e164, "+15550001234")
        XCTAssertEqual(PhoneNumber("tel:+1-555-000-1234")?.e164, "+15550001234")
        XCTAssertEqual(PhoneNumber("+8821654321200")?.digitCount, 13)
        XCTAssertEqual(PhoneNumber("+15550001234")?.value, 15_550_001_234)
    }

    func testRejectsWhatCannotBePlaced() {
        XCTAssertNil(PhoneNumber("+*******1234"), "Cognito's masked numbers")
        XCTAssertNil(PhoneNumber("EXSHOP"), "alphanumeric sender ids")
        XCTAssertNil(PhoneNumber("5550001234"), "national format without + or 00")
        XCTAssertNil(PhoneNumber("+1234567"), "7 digits is too short")
        XCTAssertNil(PhoneNumber("+1234567890123456"), "16 digits is too long")
        XCTAssertNil(PhoneNumber("+0123456789"), "no calling code starts with 0")
        XCTAssertNil(PhoneNumber("+1555+0001234"))
        XCTAssertNil(PhoneNumber(""))
        XCTAssertNil(PhoneNumber("00"))
    }

    func testEightAndFifteenDigitsAreTheLimits() {
        XCTAssertNotNil(PhoneNumber("+12345678"))
        XCTAssertNotNil(PhoneNumber("+123456789012345"))
        XCTAssertEqual(PhoneNumber(value: 123_456_789_012_345)?.e164, "+123456789012345")
        XCTAssertNil(PhoneNumber(value: 1_234_567))
    }

    func testCallingCodesUseTheLongestMatch() {
        let codes = CallingCodes.standard
        XCTAssertGreaterThan(codes.count, 250)
        func country(_ s: String) -> String? { PhoneNumber(s).flatMap(codes.country) }
        XCTAssertEqual(country("+15550001234"), "US")
        XCTAssertEqual(country("+14165550123"), "CA")
        XCTAssertEqual(country("+18765550123"), "JM")
        XCTAssertEqual(country("+18095550123"), "DO")
        XCTAssertEqual(country("+14735550123"), "GD")
        XCTAssertEqual(country("+12845550123"), "VG")
        XCTAssertEqual(country("+23276123456"), "SL")
        XCTAssertEqual(country("+447700900123"), "GB")
        XCTAssertEqual(country("+79161234567"), "RU")
        XCTAssertEqual(country("+77011234567"), "KZ")
        XCTAssertEqual(country("+8821654321200"), "+882", "non-geographic codes are named by the code")
        XCTAssertEqual(country("+881612345678"), "+881")
        XCTAssertEqual(country("+998901234567"), "UZ")
        XCTAssertEqual(country("+2348031234567"), "NG")
        XCTAssertEqual(PhoneNumber("+232761234").flatMap(codes.entry)?.name, "Sierra Leone")
    }

    func testCallingCodesFromText() {
        let codes = CallingCodes(tsv: "# comment\ncode\tiso\tname\n1\tUS\tUnited States\n1876\tJM\tJamaica\nbad line\n")
        XCTAssertEqual(codes.count, 2)
        XCTAssertEqual(PhoneNumber("+18765550123").flatMap(codes.country), "JM")
        XCTAssertNil(PhoneNumber("+447700900123").flatMap(codes.country))
    }

    func testNumberBlocks() throws {
        let n = try XCTUnwrap(PhoneNumber("+23276123456"))
        let b2 = n.block(trailingDigits: 2)
        XCTAssertEqual(b2.description, "+232761234xx")
        XCTAssertEqual(b2.index(of: n), 56)
        XCTAssertTrue(b2.contains(try XCTUnwrap(PhoneNumber("+23276123400"))))
        XCTAssertFalse(b2.contains(try XCTUnwrap(PhoneNumber("+23276123500"))))
        XCTAssertEqual(b2.number(at: 7)?.e164, "+23276123407")
        XCTAssertEqual(b2.size, 100)
        XCTAssertEqual(n.block(trailingDigits: 3).description, "+23276123xxx")
        XCTAssertEqual(n.block(trailingDigits: 4).index(of: n), 3456)
        XCTAssertEqual(PhoneNumber("+8821654321299")?.block(trailingDigits: 2), PhoneNumber("+8821654321200")?.block(trailingDigits: 2))
        XCTAssertNotEqual(PhoneNumber("+12345678901")?.block(trailingDigits: 2), PhoneNumber("+1234567890")?.block(trailingDigits: 1))
    }

    func testHighRiskListFindsTheLongestPrefix() throws {
        let list = HighRiskPrefixes.standard
        XCTAssertGreaterThan(list.count, 20)
        let sl = try XCTUnwrap(list.match(try XCTUnwrap(PhoneNumber("+23276123456"))))
        XCTAssertEqual(sl.display, "+232")
        XCTAssertEqual(sl.country, "SL")
        XCTAssertFalse(sl.reason.isEmpty)
        XCTAssertEqual(list.match(try XCTUnwrap(PhoneNumber("+18765550123")))?.prefix, "1876")
        XCTAssertNil(list.match(try XCTUnwrap(PhoneNumber("+15550001234"))), "the rest of +1 is not listed")
        for n in ["+8821654321200", "+881612345678", "+37120000000", "+998901234567", "+2348031234567", "+8801712345678"] {
            XCTAssertTrue(list.contains(try XCTUnwrap(PhoneNumber(n))), n)
        }
        for n in ["+447700900123", "+4915112345678", "+33612345678", "+61412345678", "+919812345678"] {
            XCTAssertFalse(list.contains(try XCTUnwrap(PhoneNumber(n))), n)
        }
    }

    func testHighRiskListFromParameters() throws {
        let custom = try HighRiskPrefixes.from(RuleParameters(["high_risk_prefixes": .array([.string("+44 77"), .string("+1 876")])]))
        XCTAssertEqual(custom.count, 2)
        XCTAssertEqual(custom.match(try XCTUnwrap(PhoneNumber("+447700900123")))?.country, "GB")
        XCTAssertNil(custom.match(try XCTUnwrap(PhoneNumber("+23276123456"))))
        XCTAssertEqual(try HighRiskPrefixes.from(RuleParameters()).count, HighRiskPrefixes.standard.count)

        XCTAssertThrowsError(try HighRiskPrefixes.from(RuleParameters(["high_risk_prefixes": .array([.string("+23x")])]))) { error in
            XCTAssertEqual((error as? RuleError)?.key, "high_risk_prefixes")
        }
        XCTAssertThrowsError(try HighRiskPrefixes.from(RuleParameters(["high_risk_prefixes": .string("/no/such/prefixes.tsv")]))) { error in
            XCTAssertEqual((error as? RuleError)?.key, "high_risk_prefixes")
        }
        XCTAssertThrowsError(try HighRiskPrefixes.from(RuleParameters(["high_risk_prefixes": .object([("a", .int(1))])])))
    }

    func testHighRiskListFromFile() throws {
        let path = FileManager.default.temporaryDirectory.path + "/pumpwatch-prefixes-\(UInt64.random(in: 0...UInt64.max)).tsv"
        try "# mine\nprefix\tcountry\treason\n+44 7700\tGB\ttest range\n+232\t\t\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let list = try HighRiskPrefixes.from(RuleParameters(["high_risk_prefixes": .string(path)]))
        XCTAssertEqual(list.count, 2)
        XCTAssertEqual(list.match(try XCTUnwrap(PhoneNumber("+447700900123")))?.reason, "test range")
        XCTAssertEqual(list.match(try XCTUnwrap(PhoneNumber("+23276123456")))?.country, "SL", "an empty country comes from the calling code")

        try "+44x\tGB\tbad\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HighRiskPrefixes.load(path: path)) { error in
            XCTAssertEqual((error as? RuleError)?.line, 1)
        }
    }
}
