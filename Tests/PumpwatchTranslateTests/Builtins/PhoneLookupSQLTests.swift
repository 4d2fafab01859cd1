import PumpwatchDetect
import XCTest

@testable import PumpwatchTranslate

/// The calling-code and high-risk tables read back from the bundled data, and E.164 parsing in SQL.
final class PhoneLookupSQLTests: XCTestCase {
    func testCallingCodesAreLongestFirst() throws {
        let codes = PhoneLookupSQL.callingCodes
        let jamaica = try XCTUnwrap(codes.firstIndex { $0.code == "1876" })
        let nanp = try XCTUnwrap(codes.firstIndex { $0.code == "1" })
        XCTAssertLessThan(jamaica, nanp)
        XCTAssertEqual(codes[jamaica].country, "JM")
        XCTAssertEqual(codes.first { $0.code == "881" }?.country, "+881")
        let d = try BuiltinSQLDialect(target: .duckdb)
        let country = PhoneLookupSQL.country("digits", d)
        XCTAssertTrue(country.contains("WHEN digits LIKE '1876%' THEN 'JM'"), country)
        XCTAssertTrue(country.hasSuffix("WHEN digits LIKE '1%' THEN 'US' WHEN digits LIKE '7%' THEN 'RU' ELSE 'unknown' END"), String(country.suffix(120)))
    }

    func testStandardHighRiskListMatchesTheDetectors() {
        let list = PhoneLookupSQL.standardHighRisk
        XCTAssertEqual(list.first { $0.prefix == "232" }?.display, "+232 SL")
        for entry in list {
            let digits = entry.prefix + String(repeating: "5", count: max(0, 11 - entry.prefix.count))
            let number = PhoneNumber("+" + digits)!
            XCTAssertEqual(HighRiskPrefixes.standard.match(number)?.prefix, entry.prefix, digits)
        }
    }

    func testDigitsExpression() throws {
        let d = try BuiltinSQLDialect(target: .duckdb)
        XCTAssertEqual(PhoneLookupSQL.digits("x", d), """
            CASE WHEN regexp_matches(regexp_replace(regexp_replace(trim(x), '^(?i)(whatsapp|tel|sms|sip):', '', 'g'), '[ ()/.\t\u{a0}-]', '', 'g'), '^[+][1-9][0-9]{7,14}$') \
            THEN substr(regexp_replace(regexp_replace(trim(x), '^(?i)(whatsapp|tel|sms|sip):', '', 'g'), '[ ()/.\t\u{a0}-]', '', 'g'), 2) \
            WHEN regexp_matches(regexp_replace(regexp_replace(trim(x), '^(?i)(whatsapp|tel|sms|sip):', '', 'g'), '[ ()/.\t\u{a0}-]', '', 'g'), '^00[1-9][0-9]{7,14}$') \
            THEN substr(regexp_replace(regexp_replace(trim(x), '^(?i)(whatsapp|tel|sms|sip):', '', 'g'), '[ ()/.\t\u{a0}-]', '', 'g'), 3) END
            """)
    }
}
