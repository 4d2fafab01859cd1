import PumpwatchCQL
import PumpwatchCore
import PumpwatchESQL
import XCTest

@testable import PumpwatchQuery

/// The reference evaluator gives the results the languages' documentation and Elastic's own
/// `*.csv-spec` examples give, so that the differential tests compare against the right answers.
final class ReferenceEvaluatorTests: XCTestCase {
    private func esql(_ query: String, _ rows: [[String: Value]], schema: [String]) throws -> [String] {
        let plan = try ESQLFrontEnd.plan(query)
        return try ReferenceEvaluator(dialect: .esql, schema: schema).run(plan, input: rows).map(Self.text)
    }

    private func cql(_ query: String, _ rows: [[String: Value]]) throws -> [String] {
        let plan = try CQLFrontEnd.plan(query)
        return try ReferenceEvaluator(dialect: .cql, schema: []).run(plan, input: rows).map(Self.text)
    }

    static func text(_ row: ReferenceEvaluator.Row) -> String {
        row.filter { !$0.value.isNull }.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    func testRenameKeepsThePlaceAndReplacesAClashingColumnAsInRenameCsvSpec() throws {
        let row: [[String: Value]] = [["a": .int(1), "b": .int(2)]]
        XCTAssertEqual(try esql("FROM t | RENAME a AS c", row, schema: ["a", "b"]), ["c=1 b=2"])
        XCTAssertEqual(try esql("FROM t | RENAME a AS c, b AS c", row, schema: ["a", "b"]), ["c=2"])
        XCTAssertEqual(try esql("FROM t | RENAME a AS c, c AS d, b AS c", row, schema: ["a", "b"]), ["d=1 c=2"])
        XCTAssertEqual(try esql("FROM t | RENAME a AS c, c AS a", row, schema: ["a", "b"]), ["a=1 b=2"])
    }

    func testRenameOfAColumnThatIsNullInOneRowStillReplacesTheTarget() throws {
        let rows: [[String: Value]] = [["a": .int(1), "b": .int(2)], ["b": .int(3)]]
        XCTAssertEqual(try esql("FROM t | RENAME a AS b", rows, schema: ["a", "b"]), ["b=1", ""])
    }

    func testSortPutsNullsLastAscendingAndFirstDescending() throws {
        let rows: [[String: Value]] = [["n": .int(2)], [:], ["n": .int(1)]]
        XCTAssertEqual(try esql("FROM t | SORT n", rows, schema: ["n"]), ["n=1", "n=2", ""])
        XCTAssertEqual(try esql("FROM t | SORT n DESC", rows, schema: ["n"]), ["", "n=2", "n=1"])
        XCTAssertEqual(try esql("FROM t | SORT n NULLS FIRST", rows, schema: ["n"]), ["", "n=1", "n=2"])
    }

    func testStatsWithoutByGivesOneRowOverNoInputAndNullKeysFormAGroup() throws {
        XCTAssertEqual(try esql("FROM t | STATS c = COUNT(*), s = SUM(n)", [], schema: ["n"]), ["c=0"])
        let rows: [[String: Value]] = [["k": .string("a"), "n": .int(2)], ["n": .int(5)], ["k": .string("a"), "n": .int(-1)]]
        XCTAssertEqual(try esql("FROM t | STATS s = SUM(n), m = MAX(n) BY k", rows, schema: ["k", "n"]), ["s=1 m=2 k=a", "s=5 m=5"])
    }

    func testIntegerDivisionTruncatesAndDivisionByZeroIsNull() throws {
        let rows: [[String: Value]] = [["a": .int(-7), "b": .int(2)], ["a": .int(7), "b": .int(0)]]
        XCTAssertEqual(try esql("FROM t | EVAL q = a / b, r = a % b | KEEP q, r", rows, schema: ["a", "b"]), ["q=-3 r=-1", ""])
    }

    func testNotEqualAndInWithNullAreNull() throws {
        let rows: [[String: Value]] = [["h": .string("a")], [:], ["h": .string("b")]]
        XCTAssertEqual(try esql(#"FROM t | WHERE h != "a""#, rows, schema: ["h"]), ["h=b"])
        XCTAssertEqual(try esql(#"FROM t | WHERE NOT h IN ("a", null)"#, rows, schema: ["h"]), [])
        XCTAssertEqual(try esql(#"FROM t | WHERE h LIKE "?""#, rows, schema: ["h"]), ["h=a", "h=b"])
    }

    func testCQLFilterOnAMissingFieldFailsExceptNotEqual() throws {
        let rows: [[String: Value]] = [["p": .string("443")], [:], ["p": .string("80")]]
        XCTAssertEqual(try cql("p != 443", rows), ["", "p=80"])
        XCTAssertEqual(try cql("p = *", rows), ["p=443", "p=80"])
        XCTAssertEqual(try cql("p != *", rows), [""])
    }

    func testCQLComparesNumbersOnly() throws {
        let rows: [[String: Value]] = [["p": .string("443")], ["p": .string("0x1bb")], ["p": .string("WEB-01")], ["p": .string("90")]]
        XCTAssertEqual(try cql("p > 100", rows), ["p=443"])
        XCTAssertEqual(try cql("p < 100", rows), ["p=90"])
    }

    func testCQLSortPutsMissingAndNonNumericValuesLast() throws {
        let rows: [[String: Value]] = [["p": .string("80")], [:], ["p": .string("x")], ["p": .string("443")]]
        XCTAssertEqual(try cql("sort(p)", rows), ["p=443", "p=80", "p=x", ""])
        XCTAssertEqual(try cql("sort(p, order=asc)", rows), ["p=80", "p=443", "p=x", ""])
    }

    func testCQLGroupByDropsEventsWithoutTheKeyAndAssignmentsSkipMissingValues() throws {
        let rows: [[String: Value]] = [["h": .string("a"), "n": .string("2")], ["n": .string("3")], ["h": .string("a"), "n": .string("x")]]
        XCTAssertEqual(try cql("groupBy(h, function=[count(as=c), sum(n, as=s)])", rows), ["h=a c=2 s=2"])
        XCTAssertEqual(try cql("m := n * 2 | select([m])", rows), ["m=4", "m=6", ""])
    }

    func testExactSumDoesNotDependOnOrder() {
        XCTAssertEqual(ReferenceEvaluator.exactSum([1e16, 1, -1e16]), 1)
        XCTAssertEqual(ReferenceEvaluator.exactSum(Array(repeating: 0.1, count: 10)), 1)
        XCTAssertEqual(ReferenceEvaluator.exactSum([]), 0)
        // Against the executor's own exact sum, over CloudTrail-sized times in every order.
        var state: UInt64 = 7
        for _ in 0..<200 {
            var terms: [Double] = []
            for _ in 0..<(1 + Int(state % 40)) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let millis = Double((state >> 20) % 5000)
                terms.append(1_763_632_799 + millis / 1000 * (state & 1 == 0 ? 1 : -1))
            }
            var exact = ExactSum()
            for t in terms { exact.add(t) }
            XCTAssertEqual(ReferenceEvaluator.exactSum(terms), exact.value)
            XCTAssertEqual(ReferenceEvaluator.exactSum(terms.reversed()), exact.value)
        }
    }
}
