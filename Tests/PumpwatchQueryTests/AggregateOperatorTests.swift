import PumpwatchCore
import XCTest
@testable import PumpwatchQuery

final class AggregateOperatorTests: XCTestCase {
    let events: [[String: Value]] = [
        ["host": .string("a"), "pid": .string("1"), "f": .string("python.exe"), "t": .string("1700000000.5")],
        ["host": .string("a"), "pid": .string("2"), "f": .string("python.exe"), "t": .string("1700000003.25")],
        ["host": .string("a"), "pid": .string("2"), "f": .string("node.exe"), "t": .string("1700000001")],
        ["host": .string("b"), "pid": .string("9"), "t": .string("1700000009")],
        ["pid": .string("7")],
    ]

    func testCQLGroupByKeysThenAggregatesAndDropsMissingKeys() {
        let agg = Aggregation(
            keys: [GroupKey(name: "host", expression: .field("host"))],
            aggregates: [
                AggregateCall(function: .count, argument: nil, outputName: "EventCount"),
                AggregateCall(function: .countDistinct, argument: .field("pid"), outputName: "UniqueProcesses"),
                AggregateCall(function: .values, argument: .field("f"), outputName: "f", limit: 10, separator: "\n"),
                AggregateCall(function: .min, argument: .field("t"), outputName: "FirstSeen"),
                AggregateCall(function: .max, argument: .field("t"), outputName: "LastSeen"),
            ],
            columnOrder: .keysThenAggregates, groupLimit: 20000, dropNullKeys: true, emptyInputGivesRow: false)
        let rows = runPlan(.aggregate(cqlSource, agg), events, dialect: .cql)
        XCTAssertEqual(lines(rows), [
            "host=a EventCount=3 UniqueProcesses=2 f=python.exe\nnode.exe FirstSeen=1700000000.5 LastSeen=1700000003.25",
            "host=b EventCount=1 UniqueProcesses=1 f= FirstSeen=1700000009 LastSeen=1700000009",
        ])
    }

    func testESQLStatsAggregatesThenKeysAndNullGroup() {
        let agg = Aggregation(
            keys: [GroupKey(name: "host", expression: .field("host"))],
            aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        XCTAssertEqual(lines(runPlan(.aggregate(esqlSource, agg), events)), ["c=3 host=a", "c=1 host=b", "c=1 host="])
    }

    /// A filter over the aggregates is tested on the columns it reads before rows are built; it
    /// keeps exactly the rows it keeps when tested on whole rows, keys and aggregates alike.
    func testAFilterOnTheAggregatesKeepsTheSameRows() {
        let agg = Aggregation(
            keys: [GroupKey(name: "host", expression: .field("host")), GroupKey(name: "f", expression: .field("f"))],
            aggregates: [
                AggregateCall(function: .count, argument: nil, outputName: "c"),
                AggregateCall(function: .max, argument: .field("t"), outputName: "last"),
            ],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        let conditions: [(PumpwatchQuery.Expression, [String])] = [
            (.binary(.greater, .field("c"), .literal(.int(1))), ["c=2 last=1700000003.25 host=a f=python.exe"]),
            (.binary(.equal, .field("host"), .literal(.string("b"))), ["c=1 last=1700000009 host=b f="]),
            (.binary(.and, .binary(.less, .field("c"), .literal(.int(2))), .binary(.equal, .field("f"), .literal(.string("node.exe")))),
             ["c=1 last=1700000001 host=a f=node.exe"]),
            // A column the aggregation does not make: tested on whole rows, where it is missing.
            (.binary(.equal, .field("pid"), .literal(.string("2"))), []),
        ]
        for (condition, expected) in conditions {
            XCTAssertEqual(lines(runPlan(.filter(.aggregate(esqlSource, agg), condition), events)), expected, "\(condition)")
        }
    }

    func testStatsWithoutKeysOverNoRowsGivesOneRow() {
        let agg = Aggregation(keys: [], aggregates: [
            AggregateCall(function: .count, argument: nil, outputName: "c"),
            AggregateCall(function: .max, argument: .field("x"), outputName: "m"),
        ], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: true)
        XCTAssertEqual(lines(runPlan(.aggregate(esqlSource, agg), [])), ["c=0 m="])
    }

    func testGroupLimitMarksPartialResult() {
        let agg = Aggregation(keys: [GroupKey(name: "pid", expression: .field("pid"))], aggregates: [], columnOrder: .keysThenAggregates, groupLimit: 2, dropNullKeys: true, emptyInputGivesRow: false)
        let ex = QueryExecutor(plan: .aggregate(cqlSource, agg), context: ExecutionContext(dialect: .cql, nowMillis: 0))
        for e in events { ex.push(row: Row(values: e)) }
        XCTAssertEqual(ex.finish().count, 2)
        XCTAssertTrue(ex.diagnostics.partial)
    }

    func testWindowedGroupsCloseOnWatermark() {
        let window = Expression.call("date_trunc", [.timeSpan(TimeSpan(amount: 10, unit: .second)), .field("@timestamp")])
        let agg = Aggregation(keys: [GroupKey(name: "w", expression: window)], aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        let sink = CollectingSink()
        let ex = QueryExecutor(plan: .aggregate(esqlSource, agg), context: ExecutionContext(dialect: .esql, nowMillis: 0), sink: sink)
        for ms in [1_000, 2_000, 9_999, 10_000, 15_000] as [Int64] { ex.push(row: Row(values: ["@timestamp": .date(ms)])) }
        ex.advanceWatermark(to: 10_000)
        XCTAssertEqual(lines(sink.rows), ["c=3 w=1970-01-01T00:00:00.000Z"])
        ex.finish()
        XCTAssertEqual(lines(sink.rows).last, "c=2 w=1970-01-01T00:00:10.000Z")
    }

    /// Closing windows gives their groups back; the open windows' groups keep counting, and a key
    /// of a closed window that comes again starts a new group.
    func testClosedWindowsFreeTheirGroupsAndOpenOnesKeepCounting() {
        let window = Expression.call("date_trunc", [.timeSpan(TimeSpan(amount: 1, unit: .minute)), .field("@timestamp")])
        let agg = Aggregation(
            keys: [GroupKey(name: "w", expression: window), GroupKey(name: "to", expression: .field("To"))],
            aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        let sink = CollectingSink()
        let op = AggregateOperator(
            aggregation: agg, evaluator: ExpressionEvaluator(context: ExecutionContext(dialect: .esql, nowMillis: 0)),
            diagnostics: QueryDiagnostics(), next: sink)
        func message(_ to: Int, at seconds: Int64) -> Row {
            Row(values: ["@timestamp": .date(seconds * 1000), "To": .string("+23480310\(100 + to)"), "Status": .string("sent")])
        }
        // Minute 0: 30 numbers; minute 1: 20 of them again, twice each.
        for to in 0..<30 { op.push(message(to, at: Int64(to))) }
        for to in 0..<20 {
            op.push(message(to, at: 60 + Int64(to)))
            op.push(message(to, at: 90 + Int64(to)))
        }
        XCTAssertEqual(op.groupCount, 50)
        op.advanceWatermark(to: 60_000)
        XCTAssertEqual(op.groupCount, 20)
        XCTAssertEqual(sink.rows.count, 30)
        XCTAssertEqual(lines(sink.rows).first, "c=1 w=1970-01-01T00:00:00.000Z to=+23480310100")
        op.push(message(5, at: 119))
        op.push(message(5, at: 30))  // late, for the closed minute: a new group
        XCTAssertEqual(op.groupCount, 21)
        op.finish()
        XCTAssertEqual(Array(lines(sink.rows)[30...].prefix(7)), [
            "c=2 w=1970-01-01T00:01:00.000Z to=+23480310100", "c=2 w=1970-01-01T00:01:00.000Z to=+23480310101",
            "c=2 w=1970-01-01T00:01:00.000Z to=+23480310102", "c=2 w=1970-01-01T00:01:00.000Z to=+23480310103",
            "c=2 w=1970-01-01T00:01:00.000Z to=+23480310104", "c=3 w=1970-01-01T00:01:00.000Z to=+23480310105",
            "c=2 w=1970-01-01T00:01:00.000Z to=+23480310106",
        ])
        XCTAssertEqual(lines(sink.rows).last, "c=1 w=1970-01-01T00:00:00.000Z to=+23480310105")
        XCTAssertEqual(sink.rows.count, 51)
    }

    /// ES|QL rules name the bucket first (`EVAL w = DATE_TRUNC(...) | WHERE ... | STATS ... BY w`):
    /// the watermark closes those windows too, and a column reassigned later does not count.
    func testWindowsOfAnEvaluatedBucketColumnCloseOnWatermark() {
        let window = Expression.call("date_trunc", [.timeSpan(TimeSpan(amount: 10, unit: .second)), .field("@timestamp")])
        let agg = Aggregation(keys: [GroupKey(name: "w", expression: .field("w"))], aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        let bucketed = LogicalPlan.filter(.eval(esqlSource, [Assignment(name: "w", expression: window)]), .literal(.bool(true)))
        let sink = CollectingSink()
        let ex = QueryExecutor(plan: .aggregate(bucketed, agg), context: ExecutionContext(dialect: .esql, nowMillis: 0), sink: sink)
        for ms in [1_000, 2_000, 9_999, 10_000, 15_000] as [Int64] { ex.push(row: Row(values: ["@timestamp": .date(ms)])) }
        ex.advanceWatermark(to: 10_000)
        XCTAssertEqual(lines(sink.rows), ["c=3 w=1970-01-01T00:00:00.000Z"])
        ex.finish()
        XCTAssertEqual(lines(sink.rows).last, "c=2 w=1970-01-01T00:00:10.000Z")

        let reassigned = LogicalPlan.eval(.eval(esqlSource, [Assignment(name: "w", expression: window)]), [Assignment(name: "w", expression: .field("host"))])
        XCTAssertTrue(QueryExecutor.timeBucketColumns(reassigned).isEmpty)
        XCTAssertEqual(QueryExecutor.timeBucketColumns(bucketed).keys.sorted(), ["w"])
    }

    func testMultiValuedKeyGroupsOncePerValue() {
        let agg = Aggregation(keys: [GroupKey(name: "tag", expression: .field("tag"))], aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        let rows = runPlan(.aggregate(esqlSource, agg), [["tag": .array([.string("x"), .string("y")])], ["tag": .string("x")]])
        XCTAssertEqual(lines(rows), ["c=2 tag=x", "c=1 tag=y"])
    }
}
