import XCTest

@testable import PumpwatchGuard

/// Numbers that cannot be real: unassigned calling codes, wrong lengths, text that is no number.
final class NumberValiditySignalTests: XCTestCase {
    func testUnassignedCallingCode() {
        let d = T.guardian(T.only("validity")).check(CheckRequest(to: "+2801234567"), at: T.t0)
        XCTAssertEqual(d.reason("invalid-number")?.score, 80)
        XCTAssertNil(d.country)
        XCTAssertNil(d.callingCode)
        XCTAssertEqual(d.decision, .block)
    }

    func testWrongLengthForTheCountry() {
        let g = T.guardian(T.only("validity"))
        let short = g.check(CheckRequest(to: "+4477009001"), at: T.t0)
        XCTAssertEqual(short.reason("invalid-number")?.value, 8)
        XCTAssertEqual(short.reason("invalid-number")?.threshold, 9)
        XCTAssertEqual(short.reason("invalid-number")?.score, 60)
        XCTAssertEqual(short.callingCode, "44")
        XCTAssertNil(g.check(CheckRequest(to: "+447700900123"), at: T.t0).reason("invalid-number"))
        XCTAssertNotNil(g.check(CheckRequest(to: "+120255501234"), at: T.t0).reason("invalid-number"), "NANP has 10 digits")
        XCTAssertEqual(g.check(CheckRequest(to: "+18765550123"), at: T.t0).callingCode, "1")
        XCTAssertEqual(g.check(CheckRequest(to: "+18765550123"), at: T.t0).country, "JM")
        XCTAssertNil(g.check(CheckRequest(to: "+9607771234"), at: T.t0).reason("invalid-number"), "unlisted countries are only checked against E.164")
    }

    func testMalformedTextIsBlockedAndRefusedByValidation() {
        let d = T.guardian().check(CheckRequest(to: "call me"), at: T.t0)
        XCTAssertEqual(d.decision, .block)
        XCTAssertEqual(d.reasons.map(\.signal), ["invalid-number"])
        XCTAssertThrowsError(try CheckRequest(to: "call me").validate()) { e in XCTAssertEqual((e as? CheckRequestError)?.field, "to") }
        XCTAssertThrowsError(try CheckRequest(to: " ").validate())
        XCTAssertNoThrow(try CheckRequest(to: "+44 7700 900123").validate())
        XCTAssertNoThrow(try CheckRequest(to: "+2801234567").validate(), "a parseable number is the guard's to judge")
    }

    func testLengthTableLoads() {
        XCTAssertGreaterThan(NationalNumberLengths.standard.count, 100)
        XCTAssertEqual(NationalNumberLengths.standard.range(for: CountryKey("SL")!), 8...8)
        XCTAssertEqual(NationalNumberLengths(tsv: "iso\tmin\tmax\nGB\t9\t10\nbad\tx\ty\n").count, 1)
    }
}
