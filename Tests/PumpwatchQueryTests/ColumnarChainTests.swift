import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// `ColumnarChain` groups a row the same whether its keys are found from their bytes (input texts,
/// truncated dates, dissected texts) or from their values, and takes the byte path only for the
/// chains it can.
final class ColumnarChainTests: XCTestCase {
    private let source = LogicalPlan.source(SourceSelection(indexPatterns: ["logs-aws.cloudtrail-*"], dialect: .esql))
    private let agentName = DissectPattern(source: "%{name} %{?rest}", prefix: "", keys: [
        (DissectPattern.Key(name: "name", modifier: .none, rightPadding: false), " "),
        (DissectPattern.Key(name: "rest", modifier: .skip, rightPadding: false), ""),
    ])
    private let window = PumpwatchQuery.Expression.call("date_trunc", [.timeSpan(TimeSpan(amount: 10, unit: .second)), .field("@timestamp")])

    /// The ES|QL seed's chain: a window from the time, the agent's first word.
    private func seedLower(_ below: LogicalPlan? = nil) -> LogicalPlan {
        .dissect(.eval(below ?? source, [Assignment(name: "w", expression: window)]), field: .field("user_agent.original"), pattern: agentName)
    }

    private func stats(keys: [String], aggregates: [AggregateCall]? = nil) -> Aggregation {
        Aggregation(
            keys: keys.map { GroupKey(name: $0, expression: .field($0)) },
            aggregates: aggregates ?? [
                AggregateCall(function: .count, argument: nil, outputName: "n"),
                AggregateCall(function: .values, argument: .field("cloud.region"), outputName: "regions"),
            ],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
    }

    private func rows(_ count: Int) -> [[String: Value]] {
        var rng = ParallelRandom(seed: 21)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let t0: Int64 = 1_795_341_600_000
        return (0..<count).map { i in
            var f: [String: Value] = [
                "@timestamp": pick([.date(t0 + Int64(i) * 700), .date(t0 - 3), .string("2026-11-20T10:00:00Z")]),
                "user_agent.original": pick([
                    .string("aws-cli/2.18.17 md/a"), .string("Boto3/1.35.0 md/b x"), .string("curl"), .string(" lead"),
                    .string("é x"), .string("aws-cli/2.18.17 md/c"), .int(7),
                ]),
                "cloud.account.id": pick([.string("111122223333"), .string("444455556666"), .string("Kelvin \u{212A}")]),
                "cloud.region": pick([.string("us-east-1"), .string("eu-west-1"), .null]),
            ]
            if rng.next() % 7 == 0 { f["user_agent.original"] = nil }
            if rng.next() % 9 == 0 { f["@timestamp"] = nil }
            return f
        }
    }

    /// The rows of `aggregation` over `lower`, every row pushed with its texts (`byTexts`) or
    /// by its values alone.
    private func run(_ lower: LogicalPlan, _ aggregation: Aggregation, _ input: [[String: Value]], byTexts: Bool) throws -> [String] {
        let chain = try XCTUnwrap(ColumnarChain(lower: lower, aggregation: aggregation))
        let evaluator = ExpressionEvaluator(context: ExecutionContext(dialect: .esql, nowMillis: 0))
        let sink = CollectingSink()
        let aggregate = AggregateOperator(aggregation: aggregation, evaluator: evaluator, diagnostics: QueryDiagnostics(), next: sink)
        let names = chain.inputNames
        let slots = Array(0..<names.count)
        for fields in input {
            let values = names.map { fields[$0] }
            guard byTexts else {
                chain.push(input: { values[$0] }, into: aggregate, evaluator: evaluator)
                continue
            }
            withReaderTexts(values) { texts in
                slots.withUnsafeBufferPointer { slots in
                    chain.push(input: { values[$0] }, texts: texts, slots: slots.baseAddress!, into: aggregate, evaluator: evaluator)
                }
            }
        }
        aggregate.finish()
        return lines(sink.rows)
    }

    private func assertSame(_ lower: LogicalPlan, _ aggregation: Aggregation, readsKeyBytes: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let chain = try XCTUnwrap(ColumnarChain(lower: lower, aggregation: aggregation), file: file, line: line)
        XCTAssertEqual(chain.readsKeyBytes, readsKeyBytes, file: file, line: line)
        let input = rows(3000)
        let byValues = try run(lower, aggregation, input, byTexts: false)
        XCTAssertGreaterThan(byValues.count, 20, file: file, line: line)
        XCTAssertEqual(try run(lower, aggregation, input, byTexts: true), byValues, file: file, line: line)
    }

    func testSeedChainGroupsByWindowAccountAndAgentNameFromBytes() throws {
        try assertSame(seedLower(), stats(keys: ["w", "cloud.account.id", "name"]), readsKeyBytes: true)
    }

    func testKeysReadDirectlyAndThroughCopiesAreFoundFromBytes() throws {
        let copied = LogicalPlan.eval(seedLower(), [Assignment(name: "agent", expression: .field("name")), Assignment(name: "acct", expression: .field("cloud.account.id"))])
        try assertSame(copied, stats(keys: ["agent", "acct", "w"]), readsKeyBytes: true)
        let direct = Aggregation(
            keys: [GroupKey(name: "bucket", expression: window), GroupKey(name: "cloud.region", expression: .field("cloud.region"))],
            aggregates: [AggregateCall(function: .count, argument: nil, outputName: "n")],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: false)
        try assertSame(source, direct, readsKeyBytes: true)
    }

    func testAggregateFiltersOnInputsKeepTheBytePath() throws {
        let filtered = stats(keys: ["w", "name"], aggregates: [
            AggregateCall(function: .count, argument: nil, outputName: "east", filter: .binary(.equal, .field("cloud.region"), .literal(.string("us-east-1")))),
        ])
        try assertSame(seedLower(), filtered, readsKeyBytes: true)
    }

    func testChainsBeyondTheBytePathGroupByValues() throws {
        // A filter step, an eval the byte path cannot follow, an aggregate reading a dissected column.
        let withFilter = LogicalPlan.filter(seedLower(), .binary(.notEqual, .field("cloud.region"), .literal(.string("eu-west-1"))))
        try assertSame(withFilter, stats(keys: ["w", "name"]), readsKeyBytes: false)
        let general = LogicalPlan.eval(seedLower(), [Assignment(name: "u", expression: .call("upper", [.field("name")]))])
        try assertSame(general, stats(keys: ["u", "w"]), readsKeyBytes: false)
        let readsName = stats(keys: ["w"], aggregates: [AggregateCall(function: .values, argument: .field("name"), outputName: "names")])
        try assertSame(seedLower(), readsName, readsKeyBytes: false)
    }
}
