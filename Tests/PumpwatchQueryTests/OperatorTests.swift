import PumpwatchCore
import XCTest
@testable import PumpwatchQuery

final class OperatorTests: XCTestCase {
    func testCQLSortDefaultsToDescendingNumbers() {
        let data: [[String: Value]] = [["c": .string("9")], ["c": .string("100")], ["c": .string("20")], ["d": .int(1)]]
        let plan = LogicalPlan.sort(cqlSource, [SortKey(expression: .field("c"), order: .descending, comparison: .number)], limit: 200)
        XCTAssertEqual(lines(runPlan(plan, data, dialect: .cql)).map { $0 }, ["c=100", "c=20", "c=9", "d=1"])
    }

    func testESQLSortNullsLastAscendingFirstDescending() {
        let data: [[String: Value]] = [["c": .int(2)], ["d": .int(0)], ["c": .int(1)]]
        XCTAssertEqual(lines(runPlan(.sort(esqlSource, [SortKey(expression: .field("c"), order: .ascending)], limit: nil), data)), ["c=1", "c=2", "d=0"])
        XCTAssertEqual(lines(runPlan(.sort(esqlSource, [SortKey(expression: .field("c"), order: .descending)], limit: nil), data)), ["d=0", "c=2", "c=1"])
    }

    func testTopNKeepsOnlyLimit() {
        let data: [[String: Value]] = (0..<5000).map { ["n": .int(Int64($0))] }
        let rows = runPlan(.sort(esqlSource, [SortKey(expression: .field("n"), order: .descending)], limit: 3), data)
        XCTAssertEqual(lines(rows), ["n=4999", "n=4998", "n=4997"])
    }

    func testHeadAndTail() {
        let data: [[String: Value]] = (1...10).map { ["n": .int(Int64($0))] }
        XCTAssertEqual(lines(runPlan(.limit(esqlSource, count: 2, from: .head), data)), ["n=1", "n=2"])
        XCTAssertEqual(lines(runPlan(.limit(cqlSource, count: 3, from: .tail), data, dialect: .cql)), ["n=8", "n=9", "n=10"])
    }

    func testUnionEmitsBranchesInOrder() {
        let data: [[String: Value]] = [["k": .string("b"), "n": .int(1)], ["k": .string("a"), "n": .int(2)]]
        let left = LogicalPlan.filter(cqlSource, .fieldMatch(field: "k", StringPattern(.exact("a")), negated: false))
        let right = LogicalPlan.eval(cqlSource, [Assignment(name: "tag", expression: .literal(.string("all")))])
        XCTAssertEqual(lines(runPlan(.union([left, right]), data, dialect: .cql)), ["k=a n=2", "k=b n=1 tag=all", "k=a n=2 tag=all"])
    }

    func testDissectGivesNullsWhenItDoesNotMatch() {
        let pattern = DissectPattern(source: "%{user_agent_name} %{?rest}", prefix: "", keys: [
            (DissectPattern.Key(name: "user_agent_name", modifier: .none, rightPadding: false), " "),
            (DissectPattern.Key(name: "rest", modifier: .skip, rightPadding: false), ""),
        ])
        let data: [[String: Value]] = [["ua": .string("aws-cli/2.18.17 md/awscrt#0.22.0")], ["ua": .string("Boto3")]]
        XCTAssertEqual(lines(runPlan(.dissect(esqlSource, field: .field("ua"), pattern: pattern), data)), [
            "ua=aws-cli/2.18.17 md/awscrt#0.22.0 user_agent_name=aws-cli/2.18.17",
            "ua=Boto3 user_agent_name=",
        ])
    }

    func testEvalSemanticsDiffer() {
        let data: [[String: Value]] = [["x": .string("22")], ["y": .int(1)]]
        let add = Expression.binary(.add, .field("x"), .literal(.int(1)))
        XCTAssertEqual(lines(runPlan(.eval(cqlSource, [Assignment(name: "z", expression: add, skipWhenNull: true)]), data, dialect: .cql)), ["x=22 z=23", "y=1"])
        XCTAssertEqual(lines(runPlan(.eval(esqlSource, [Assignment(name: "z", expression: add)]), [["y": .int(1)]])), ["y=1 z="])
    }

    func testKeepWildcardsAndRename() {
        let data: [[String: Value]] = [["aws.a": .int(1), "aws.b": .int(2), "c": .int(3)]]
        XCTAssertEqual(lines(runPlan(.project(.project(esqlSource, .keep(["c", "aws.*"])), .rename([RenamePair(from: "c", to: "d")])), data)), ["d=3 aws.a=1 aws.b=2"])
        XCTAssertEqual(lines(runPlan(.project(esqlSource, .drop(["aws.*"])), data)), ["c=3"])
    }

    func testExtractNamedGroupsWithDots() {
        let p = ExtractPattern(source: "x", regex: #"(?<client.ip>\d+\.\d+\.\d+\.\d+) (?<verb>\w+)"#, groupNames: ["client.ip", "verb"], dropUnmatched: true)
        let data: [[String: Value]] = [["m": .string("10.0.0.1 GET /")], ["m": .string("nothing")]]
        XCTAssertEqual(lines(runPlan(.extract(cqlSource, field: .field("m"), pattern: p), data, dialect: .cql)), ["m=10.0.0.1 GET / client.ip=10.0.0.1 verb=GET"])
    }

    func testDateTruncAlignsToEpochSpans() {
        let ms = Timestamp.parse("2026-11-22T10:00:07.250Z")!
        XCTAssertEqual(DateMath.truncate(ms, to: TimeSpan(amount: 10, unit: .second)), Timestamp.parse("2026-11-22T10:00:00Z"))
        XCTAssertEqual(DateMath.truncate(ms, to: TimeSpan(amount: 1, unit: .month)), Timestamp.parse("2026-11-01T00:00:00Z"))
        XCTAssertEqual(DateMath.truncate(ms, to: TimeSpan(amount: 1, unit: .week)), Timestamp.parse("2026-11-16T00:00:00Z"))
    }

    func testProjectionPushdownListsReadFields() {
        let agg = Aggregation(keys: [GroupKey(name: "h", expression: .field("host"))], aggregates: [AggregateCall(function: .max, argument: .field("t"), outputName: "m")], columnOrder: .keysThenAggregates, dropNullKeys: true, emptyInputGivesRow: false)
        let plan = LogicalPlan.aggregate(.filter(cqlSource, .fieldMatch(field: "#event_simpleName", StringPattern(.exact("DnsRequest")), negated: false)), agg)
        let p = PlanAnalysis.requiredFields(plan)
        XCTAssertTrue(p.includes("host") && p.includes("t") && p.includes("#event_simpleName"))
        XCTAssertFalse(p.includes("CommandLine"))
        XCTAssertEqual(SourceBinding.formats(for: plan), [.falcon])
        XCTAssertEqual(SourceBinding.formats(for: esqlSource)?.count, SourceFormat.allCases.count - 1)
        XCTAssertEqual(SourceBinding.formats(matching: ["logs-aws.cloudtrail-*"]), [.cloudtrail])
    }
}
