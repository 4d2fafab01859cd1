import XCTest
@testable import PumpwatchCore

final class ValueTests: XCTestCase {
    func testStringsConvertToNumbersAsLogScaleDoes() {
        XCTAssertEqual(Value.string("22").doubleValue, 22)
        XCTAssertEqual(Value.string(" 1700000000.123 ").doubleValue, 1_700_000_000.123)
        XCTAssertNil(Value.string("0x1F").doubleValue)
        XCTAssertNil(Value.string("api.twilio.com").doubleValue)
        XCTAssertEqual(Value.string("443").intValue, 443)
        XCTAssertNil(Value.string("4.5").intValue)
    }

    func testPrintedForms() {
        XCTAssertEqual(Value.double(3).stringValue, "3.0")
        XCTAssertEqual(Value.date(0).stringValue, "1970-01-01T00:00:00.000Z")
        XCTAssertNil(Value.null.stringValue)
        XCTAssertTrue(Value.array([]).isNull)
    }

    func testProjectionKeepsSubfieldsAndWildcards() {
        let p = FieldProjection(names: ["aws.cloudtrail", "user.*", "@timestamp"])
        XCTAssertTrue(p.includes("aws.cloudtrail.user_identity.arn"))
        XCTAssertTrue(p.includes("user.name"))
        XCTAssertFalse(p.includes("aws.cloudtrailx"))
        XCTAssertFalse(p.includes("source.ip"))
        XCTAssertTrue(FieldProjection.all.includes("anything"))
    }

    func testSourceLocationCaret() {
        let q = "from x\n| WHERE a = 1"
        let loc = SourceLocation(offset: 16, in: q)
        XCTAssertEqual(loc.line, 2)
        XCTAssertEqual(loc.column, 10)
        XCTAssertEqual(loc.caretDisplay(in: q), "  | WHERE a = 1\n           ^")
    }
}
