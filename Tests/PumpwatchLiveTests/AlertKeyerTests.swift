import PumpwatchCore
import PumpwatchDetect
import XCTest

@testable import PumpwatchLive

/// Alert keys: the same activity keeps its key while it goes on; a quiet spell opens a new one.
final class AlertKeyerTests: XCTestCase {
    static let hour: Int64 = 3_600_000
    static let t0: Int64 = 1_795_000_000_000

    func finding(_ block: String, first: Int64, last: Int64, count: Int = 5) -> Finding {
        Finding(
            ruleID: "builtin-sequential-block", title: "Sequential number block", severity: .high, attack: ["T1496.003"],
            firstSeen: first, lastSeen: last, count: count, entities: [("number_block", .string(block))], summary: "\(count) numbers")
    }

    func testGrowingActivityKeepsItsKey() {
        var keyer = AlertKeyer(dedupWindow: 24 * Self.hour)
        let a = keyer.keys(for: [finding("+4477009001xx", first: Self.t0, last: Self.t0 + Self.hour)])
        let b = keyer.keys(for: [finding("+4477009001xx", first: Self.t0, last: Self.t0 + 3 * Self.hour, count: 9)])
        XCTAssertEqual(a, b)
        XCTAssertEqual(a, ["builtin-sequential-block|number_block=+4477009001xx|w=\(Self.t0)"])
        // The detection window slid past the first events: the finding now starts later, same alert.
        let c = keyer.keys(for: [finding("+4477009001xx", first: Self.t0 + 2 * Self.hour, last: Self.t0 + 5 * Self.hour)])
        XCTAssertEqual(c, a)
    }

    func testQuietSpellOpensANewWindowAndOtherEntitiesHaveTheirOwn() {
        var keyer = AlertKeyer(dedupWindow: 24 * Self.hour)
        let a = keyer.keys(for: [finding("+4477009001xx", first: Self.t0, last: Self.t0 + Self.hour)])
        let later = Self.t0 + 30 * Self.hour
        let b = keyer.keys(for: [finding("+4477009001xx", first: later, last: later + Self.hour), finding("+4477009002xx", first: later, last: later)])
        XCTAssertNotEqual(b[0], a[0])
        XCTAssertEqual(b[0], "builtin-sequential-block|number_block=+4477009001xx|w=\(later)")
        XCTAssertEqual(b[1], "builtin-sequential-block|number_block=+4477009002xx|w=\(later)")
    }

    func testTwoFindingsOfOneEvaluationNeverShareAKey() {
        var keyer = AlertKeyer()
        let keys = keyer.keys(for: [finding("+4477009001xx", first: Self.t0, last: Self.t0), finding("+4477009001xx", first: Self.t0, last: Self.t0 + 1)])
        XCTAssertEqual(Set(keys).count, 2)
    }

    func testRememberedKeysContinueAfterARestart() {
        var keyer = AlertKeyer(dedupWindow: 24 * Self.hour)
        let key = "builtin-sequential-block|number_block=+4477009001xx|w=\(Self.t0)"
        keyer.remember(key: key, lastSeen: Self.t0 + Self.hour)
        XCTAssertEqual(keyer.keys(for: [finding("+4477009001xx", first: Self.t0 + 2 * Self.hour, last: Self.t0 + 3 * Self.hour)]), [key])
    }

    func testDraftKeepsEntitiesAndEvidenceAsOrderedPairs() {
        var f = finding("+4477009001xx", first: Self.t0, last: Self.t0)
        f.evidence = [("distinct_numbers", .int(12)), ("sample", .array([.string("+447700900101"), .string("+447700900102")]))]
        let draft = FindingAlert.draft(f, key: "k")
        XCTAssertEqual(draft.entities, #"[["number_block","+4477009001xx"]]"#)
        XCTAssertEqual(draft.evidence, #"[["distinct_numbers",12],["sample",["+447700900101","+447700900102"]]]"#)
        XCTAssertEqual(draft.severity, "high")
    }
}
