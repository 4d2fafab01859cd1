import PumpwatchCore
import XCTest
@testable import PumpwatchQuery

final class FilterOperatorTests: XCTestCase {
    let rows: [[String: Value]] = [
        ["a": .string("x"), "n": .int(1)],
        ["a": .string("y"), "n": .int(2)],
        ["n": .int(3)],
    ]

    func testESQLNotEqualExcludesMissingField() {
        let plan = LogicalPlan.filter(esqlSource, .binary(.notEqual, .field("a"), .literal(.string("x"))))
        XCTAssertEqual(lines(runPlan(plan, rows)), ["a=y n=2"])
    }

    func testCQLNotEqualMatchesMissingField() {
        let plan = LogicalPlan.filter(cqlSource, .fieldMatch(field: "a", StringPattern(.exact("x")), negated: true))
        XCTAssertEqual(lines(runPlan(plan, rows, dialect: .cql)), ["a=y n=2", "n=3"])
    }

    func testCQLStringsCompareAsNumbers() {
        let falcon: [[String: Value]] = [["RemotePort": .string("443")], ["RemotePort": .string("8080")], ["RemotePort": .string("80")]]
        let plan = LogicalPlan.filter(cqlSource, .binary(.greater, .field("RemotePort"), .literal(.int(100))))
        XCTAssertEqual(lines(runPlan(plan, falcon, dialect: .cql)), ["RemotePort=443", "RemotePort=8080"])
    }

    func testUnanchoredCaseInsensitiveRegex() {
        let dns: [[String: Value]] = [["DomainName": .string("API.Twilio.com")], ["DomainName": .string("example.org")]]
        let plan = LogicalPlan.filter(cqlSource, .fieldMatch(field: "DomainName", StringPattern(.regex(#"(?i)api\.twilio\.com"#), anchored: false), negated: false))
        XCTAssertEqual(lines(runPlan(plan, dns, dialect: .cql)), ["DomainName=API.Twilio.com"])
    }

    func testLikeMatchesWholeString() {
        let data: [[String: Value]] = [["p": .string("{phoneNumber=+1555}")], ["p": .string("{topicArn=x}")], ["q": .int(1)]]
        let glob = LogicalPlan.filter(esqlSource, .patternMatch(.field("p"), StringPattern(.glob("*phoneNumber*", questionMark: true)), negated: false))
        XCTAssertEqual(lines(runPlan(glob, data)), ["p={phoneNumber=+1555}"])
        let anchored = LogicalPlan.filter(esqlSource, .patternMatch(.field("p"), StringPattern(.glob("phoneNumber", questionMark: true)), negated: false))
        XCTAssertEqual(runPlan(anchored, data).count, 0)
    }

    func testRLikeIsAnchored() {
        let data: [[String: Value]] = [["p": .string("abc")], ["p": .string("xabcx")]]
        let plan = LogicalPlan.filter(esqlSource, .patternMatch(.field("p"), StringPattern(.regex("a.c")), negated: false))
        XCTAssertEqual(lines(runPlan(plan, data)), ["p=abc"])
    }

    func testInListAndIsNull() {
        let plan = LogicalPlan.filter(esqlSource, .binary(.or, .inList(.field("a"), [.literal(.string("y")), .literal(.string("z"))], negated: false), .isNull(.field("a"), negated: false)))
        XCTAssertEqual(lines(runPlan(plan, rows)), ["a=y n=2", "n=3"])
    }

    func testNowMinusDaysOnDates() {
        let now: Int64 = 1_800_000_000_000
        let data: [[String: Value]] = [["@timestamp": .date(now - 8 * 86_400_000)], ["@timestamp": .date(now - 86_400_000)]]
        let cond = Expression.binary(.greater, .field("@timestamp"), .binary(.subtract, .call("now", []), .timeSpan(TimeSpan(amount: 7, unit: .day))))
        XCTAssertEqual(runPlan(.filter(esqlSource, cond), data, now: now).count, 1)
    }

    func testCQLPatternsMatchDatesAsEpochMilliseconds() {
        // LogScale times are epoch milliseconds: `_bucket = *3*` matches 1763632800000, whose ISO
        // text (2025-11-20T10:00:00.000Z) has no 3.
        let data: [[String: Value]] = [["_bucket": .date(1_763_632_800_000)], ["_bucket": .date(1_800_000_000_000)]]
        let field = LogicalPlan.filter(cqlSource, .fieldMatch(field: "_bucket", StringPattern(.glob("*3*", questionMark: false)), negated: false))
        XCTAssertEqual(runPlan(field, data, dialect: .cql).count, 1)
        let pattern = LogicalPlan.filter(cqlSource, .patternMatch(.field("_bucket"), StringPattern(.regex("1763"), anchored: false), negated: false))
        XCTAssertEqual(runPlan(pattern, data, dialect: .cql).count, 1)
        // Text functions read them the same way.
        let lowered = LogicalPlan.eval(cqlSource, [Assignment(name: "t", expression: .call("lower", [.field("_bucket")]))])
        XCTAssertEqual(runPlan(lowered, data, dialect: .cql).first?.values["t"], .string("1763632800000"))
        // ES|QL keeps dates as dates: their text is ISO 8601.
        let esql = LogicalPlan.filter(esqlSource, .patternMatch(.field("_bucket"), StringPattern(.glob("2025-11-20*", questionMark: true)), negated: false))
        XCTAssertEqual(runPlan(esql, data).count, 1)
    }
}
