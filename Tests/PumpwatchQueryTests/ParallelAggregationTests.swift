import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// A plan run in parallel parts (`ParallelAggregation`: conditions taken out and tested up front,
/// each part into its own aggregates, merged in input order) gives the rows and warnings of one
/// sequential pass, however the input is cut.
final class ParallelAggregationTests: XCTestCase {
    private let now: Int64 = 1_795_400_000_000

    /// The rows of one pass with `QueryExecutor`, with its warnings and partial flag.
    private func sequential(_ plan: LogicalPlan, _ events: [Event], dialect: Dialect) -> ([Row], [String], Bool) {
        let ex = QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: now))
        for e in events { ex.push(e) }
        let rows = ex.finish()
        return (rows, ex.diagnostics.warnings, ex.diagnostics.partial)
    }

    /// The rows of a parallel run over `events` cut at `cuts`, the reader's part played here:
    /// conditions tested per source leaf, events handed over whole or as direct field values.
    /// With `texts`, direct values that are plain ASCII text also come as bytes, as the fast
    /// path's reader gives them (group keys are then looked up from the bytes).
    private func parallel(
        _ plan: LogicalPlan, _ events: [Event], dialect: Dialect, cuts: [Int], direct: Bool, texts: Bool = false
    ) throws -> ([Row], [String], Bool) {
        let context = ExecutionContext(dialect: dialect, nowMillis: now)
        let split = try XCTUnwrap(ParallelAggregation(plan: plan, context: context))
        let diagnostics = QueryExecutor(plan: plan, context: context).diagnostics
        let merge = split.makeMerge(diagnostics: diagnostics)
        let conditions = split.makeConditionEvaluator()
        var start = 0
        for end in cuts + [events.count] where end >= start {
            let segment = split.makeSegment()
            for e in events[start..<end] {
                var mask: UInt64 = 0
                for (leaf, needed) in split.leafConditions.enumerated() where needed.allSatisfy({ conditions.holds($0, fields: e.fields) }) {
                    mask |= 1 << UInt64(leaf)
                }
                if mask == 0 { continue }
                var fields = e.fields
                split.rowProjection.apply(to: &fields)
                if direct, let names = split.directFields, e.fields["direct"] != .bool(false) {
                    if texts {
                        withReaderTexts(names.map { fields[$0] }) { texts in
                            segment.push(value: { fields[names[$0]] }, texts: texts, format: e.format, leaves: mask)
                        }
                    } else {
                        segment.push(value: { fields[names[$0]] }, format: e.format, leaves: mask)
                    }
                } else {
                    segment.push(Event(fields: fields, origin: e.origin, format: e.format), leaves: mask)
                }
            }
            merge.merge(segment)
            start = end
        }
        return (merge.finish(), diagnostics.warnings, diagnostics.partial)
    }

    private func assertSameEverywhere(_ plan: LogicalPlan, _ events: [Event], dialect: Dialect, expectDirect: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let (rows, warnings, partial) = sequential(plan, events, dialect: dialect)
        XCTAssertFalse(rows.isEmpty, "the plan gives rows", file: file, line: line)
        let split = try XCTUnwrap(ParallelAggregation(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: now)), file: file, line: line)
        XCTAssertEqual(split.directFields != nil, expectDirect, file: file, line: line)
        var rng = ParallelRandom(seed: 99)
        var cutSets: [[Int]] = [[], [events.count / 2], [1, 2, 3], [0, events.count]]
        for _ in 0..<6 {
            let n = Int(rng.next() % 12)
            cutSets.append((0..<n).map { _ in Int(rng.next() % UInt64(events.count + 1)) }.sorted())
        }
        for cuts in cutSets {
            for (direct, texts) in [(false, false), (true, false), (true, true)] {
                let (p, w, partialHere) = try parallel(plan, events, dialect: dialect, cuts: cuts, direct: direct, texts: texts)
                XCTAssertEqual(lines(p), lines(rows), "cut at \(cuts), direct \(direct), texts \(texts)", file: file, line: line)
                XCTAssertEqual(p.map(\.orderedNames), rows.map(\.orderedNames), file: file, line: line)
                XCTAssertEqual(w, warnings, file: file, line: line)
                XCTAssertEqual(partialHere, partial, file: file, line: line)
            }
        }
    }

    // MARK: - Data

    private func falconEvents(_ count: Int) -> [Event] {
        var rng = ParallelRandom(seed: 5)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        return (0..<count).map { i in
            var f: [String: Value] = [
                "#event_simpleName": .string(pick(["DnsRequest", "NetworkConnectIP4", "Other"])),
                "aid": .string(pick(["a1", "a2", "a3", "a4"])),
                "ComputerName": pick([.string("WEB-01"), .string("WEB-02"), .string("DB-1"), .string("WEB-K"), .string("WEB-\u{212A}")]),
                "DomainName": .string(pick(["api.twilio.com", "API.TWILIO.COM", "example.org", "sns.amazonaws.com"])),
                "ContextProcessId": .string(String(rng.next() % 7)),
                "FileName": .string(pick(["node", "python", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"])),
                "ContextTimeStamp": .string(pick(["1795341600.5", "1795341601", "1795341599.25", "17953416e2", " 12", "x", "-0"])),
                "RemotePort": .string(pick(["443", "80", "22", "8443"])),
                "TargetProcessName": .string(pick(["send.py", "app.jar", "chrome", "x.EXE"])),
                "RemoteAddressIP4": .string(pick(["54.1.1.1", "54.1.1.2"])),
                "@timestamp": .date(1_795_341_600_000 + Int64(i) * 250),
            ]
            if rng.next() % 9 == 0 { f["ComputerName"] = nil }
            if rng.next() % 4 == 0 { f["direct"] = .bool(false) }
            return Event(fields: f, origin: Origin(file: "f", line: i + 1), format: .falcon)
        }
    }

    private func cloudTrailEvents(_ count: Int) -> [Event] {
        var rng = ParallelRandom(seed: 8)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        return (0..<count).map { i in
            var f: [String: Value] = [
                "@timestamp": .date(now - Int64(rng.next() % 10) * 86_400_000 + Int64(i) * 1500),
                "event.dataset": .string("aws.cloudtrail"),
                "event.provider": .string(pick(["sns.amazonaws.com", "s3.amazonaws.com"])),
                "event.action": .string(pick(["Publish", "Publish", "GetObject"])),
                "event.outcome": .string(pick(["success", "success", "failure"])),
                "aws.cloudtrail.request_parameters": .string(pick(["{phoneNumber=+1555, message=x}", "{topicArn=t}"])),
                "user_agent.original": .string(pick(["aws-cli/2.18.17 md/a", "Boto3/1.35.0 md/b", "curl", "Mozilla/5.0 (X11)"])),
                "cloud.account.id": .string(pick(["111122223333", "444455556666"])),
                "aws.cloudtrail.user_identity.arn": .string(pick(["arn:aws:iam::1:user/a", "arn:aws:iam::1:user/é"])),
                "cloud.region": .string(pick(["us-east-1", "eu-west-1"])),
                "source.address": .string(pick(["203.0.113.1", "203.0.113.2"])),
                "bytes": pick([.int(Int64(rng.next() % 1000)), .double(Double(rng.next() % 1000) / 7), .string("12.5"), .null]),
                "tags": pick([.array([.string("a"), .string("b")]), .string("c"), .array([])]),
            ]
            if rng.next() % 4 == 0 { f["direct"] = .bool(false) }
            return Event(fields: f, origin: Origin(file: "c", line: i + 1), format: .cloudtrail)
        }
    }

    // MARK: - Plans

    private let cqlSource = LogicalPlan.source(SourceSelection(dialect: .cql))
    private let esqlSource = LogicalPlan.source(SourceSelection(indexPatterns: ["logs-aws.cloudtrail-*"], dialect: .esql))

    private func tag(_ name: String) -> PumpwatchQuery.Expression {
        .fieldMatch(field: "#event_simpleName", StringPattern(.exact(name)), negated: false)
    }

    /// The LogScale seed's shape: a union of two aggregating branches, evals and a sort above.
    private func logScaleLikePlan(groupLimit: Int = 20000) -> LogicalPlan {
        let dns = Aggregation(
            keys: [GroupKey(name: "aid", expression: .field("aid")), GroupKey(name: "ComputerName", expression: .field("ComputerName")),
                   GroupKey(name: "DomainName", expression: .field("DomainName"))],
            aggregates: [
                AggregateCall(function: .count, argument: nil, outputName: "EventCount"),
                AggregateCall(function: .countDistinct, argument: .field("ContextProcessId"), outputName: "UniqueProcesses"),
                AggregateCall(function: .values, argument: .field("FileName"), outputName: "FileName", limit: 3, separator: "\n"),
                AggregateCall(function: .min, argument: .field("ContextTimeStamp"), outputName: "FirstSeen"),
                AggregateCall(function: .max, argument: .field("ContextTimeStamp"), outputName: "LastSeen"),
            ],
            columnOrder: .keysThenAggregates, groupLimit: groupLimit, dropNullKeys: true, emptyInputGivesRow: false)
        let branch1 = LogicalPlan.eval(
            .filter(
                .aggregate(.filter(.filter(cqlSource, tag("DnsRequest")), .fieldMatch(field: "DomainName", StringPattern(.regex("twilio|sns"), caseInsensitive: true, anchored: false), negated: false)), dns),
                .binary(.greater, .field("EventCount"), .literal(.int(2)))),
            [Assignment(name: "DetectionBranch", expression: .literal(.string("dns")), skipWhenNull: true)])
        let net = Aggregation(
            keys: [GroupKey(name: "aid", expression: .field("aid")), GroupKey(name: "RemoteAddressIP4", expression: .field("RemoteAddressIP4"))],
            aggregates: [
                AggregateCall(function: .count, argument: nil, outputName: "EventCount"),
                AggregateCall(function: .countDistinct, argument: .field("RemotePort"), outputName: "UniquePorts"),
                AggregateCall(function: .last, argument: .field("TargetProcessName"), outputName: "Last"),
                AggregateCall(function: .first, argument: .field("TargetProcessName"), outputName: "First"),
            ],
            columnOrder: .keysThenAggregates, groupLimit: groupLimit, dropNullKeys: true, emptyInputGivesRow: false)
        let ports = PumpwatchQuery.Expression.binary(.or, .binary(.equal, .field("RemotePort"), .literal(.string("443"))), .binary(.equal, .field("RemotePort"), .literal(.string("8443"))))
        let branch2 = LogicalPlan.aggregate(.filter(.filter(cqlSource, tag("NetworkConnectIP4")), ports), net)
        return .sort(.union([branch1, branch2]), [SortKey(expression: .field("EventCount"), order: .descending, comparison: .number)], limit: 200)
    }

    func testLogScaleShapedUnionGivesTheSequentialRows() throws {
        try assertSameEverywhere(logScaleLikePlan(), falconEvents(3000), dialect: .cql, expectDirect: true)
    }

    func testGroupLimitKeepsTheGroupsOnePassKeepsAndMarksThePartialResult() throws {
        let plan = logScaleLikePlan(groupLimit: 5)
        let (_, _, partial) = sequential(plan, falconEvents(3000), dialect: .cql)
        XCTAssertTrue(partial)
        try assertSameEverywhere(plan, falconEvents(3000), dialect: .cql, expectDirect: true)
    }

    /// Segments read ahead of the merge keep every group until the merge holds the limit's worth;
    /// later ones keep their own first `limit` groups and those the merge holds, and the rows, the
    /// counts of groups first seen in an earlier segment included, are those of one pass.
    func testSegmentsOfALimitedGroupByKeepAtMostTwiceTheLimitOnceTheMergeIsFull() throws {
        let limit = 4
        let plan = LogicalPlan.aggregate(
            cqlSource,
            Aggregation(
                keys: [GroupKey(name: "phone", expression: .field("aws.cloudtrail.flattened.request_parameters.phoneNumber"))],
                aggregates: [AggregateCall(function: .count, argument: nil, outputName: "_count")],
                columnOrder: .keysThenAggregates, groupLimit: limit, dropNullKeys: true, emptyInputGivesRow: false))
        func publish(_ phone: String, _ i: Int) -> Event {
            Event(
                fields: [
                    "eventSource": .string("sns.amazonaws.com"), "eventName": .string("Publish"),
                    "aws.cloudtrail.flattened.request_parameters.phoneNumber": .string(phone),
                    "@timestamp": .date(1_795_341_600_000 + Int64(i) * 1000),
                ], origin: Origin(file: "ct.ndjson", line: i + 1), format: .cloudtrail)
        }
        // Part 1 brings in the first four numbers; parts 2 and 3 each meet 60 numbers of their own
        // before the first four again.
        var parts: [[Event]] = [(0..<6).map { publish("+4477009000\($0 % 4)", $0) }]
        for p in 1...2 {
            var part = (0..<60).map { publish("+4477009\(p)\(String(100 + $0))", 100 * p + $0) }
            part += (0..<4).map { publish("+4477009000\($0)", 100 * p + 60 + $0) }
            parts.append(part)
        }
        let all = parts.flatMap { $0 }
        let (rows, _, partial) = sequential(plan, all, dialect: .cql)
        XCTAssertTrue(partial)
        XCTAssertEqual(lines(rows), ["phone=+44770090000 _count=4", "phone=+44770090001 _count=4", "phone=+44770090002 _count=3", "phone=+44770090003 _count=3"])

        let context = ExecutionContext(dialect: .cql, nowMillis: now)
        let split = try XCTUnwrap(ParallelAggregation(plan: plan, context: context))
        let diagnostics = QueryDiagnostics()
        let merge = split.makeMerge(diagnostics: diagnostics)
        // Part 2 is read ahead, before part 1 is merged; part 3 after.
        let first = split.makeSegment()
        let ahead = split.makeSegment()
        for e in parts[0] { first.push(e, leaves: 1) }
        for e in parts[1] { ahead.push(e, leaves: 1) }
        XCTAssertEqual(ahead.groupCounts, [64], "nothing is known of the merge yet: every group stays")
        merge.merge(first)
        merge.merge(ahead)
        let after = split.makeSegment()
        var most = 0
        for e in parts[2] {
            after.push(e, leaves: 1)
            most = max(most, after.groupCounts[0])
        }
        XCTAssertEqual(most, 2 * limit)
        merge.merge(after)
        XCTAssertEqual(lines(merge.finish()), lines(rows))
        XCTAssertTrue(diagnostics.partial)
        XCTAssertEqual(diagnostics.warnings.count, 1)
    }

    /// The ES|QL seed's shape with every aggregate function, multi-valued keys and text outside ASCII.
    func testESQLShapedStatsGiveTheSequentialRows() throws {
        let dissect = DissectPattern(source: "%{user_agent_name} %{?rest}", prefix: "", keys: [
            (DissectPattern.Key(name: "user_agent_name", modifier: .none, rightPadding: false), " "),
            (DissectPattern.Key(name: "rest", modifier: .skip, rightPadding: false), ""),
        ])
        let conditions = PumpwatchQuery.Expression.binary(.and,
            .binary(.and, .binary(.equal, .field("event.provider"), .literal(.string("sns.amazonaws.com"))), .binary(.equal, .field("event.outcome"), .literal(.string("success")))),
            .patternMatch(.field("aws.cloudtrail.request_parameters"), StringPattern(.glob("*phoneNumber*", questionMark: true)), negated: false))
        let stats = Aggregation(
            keys: [
                GroupKey(name: "w", expression: .field("w")), GroupKey(name: "cloud.account.id", expression: .field("cloud.account.id")),
                GroupKey(name: "aws.cloudtrail.user_identity.arn", expression: .field("aws.cloudtrail.user_identity.arn")),
                GroupKey(name: "user_agent_name", expression: .field("user_agent_name")), GroupKey(name: "tags", expression: .field("tags")),
            ],
            aggregates: [
                AggregateCall(function: .count, argument: nil, outputName: "n"),
                AggregateCall(function: .sum, argument: .field("bytes"), outputName: "sum"),
                AggregateCall(function: .avg, argument: .field("bytes"), outputName: "avg"),
                AggregateCall(function: .min, argument: .field("bytes"), outputName: "min"),
                AggregateCall(function: .max, argument: .field("source.address"), outputName: "max"),
                AggregateCall(function: .values, argument: .field("cloud.region"), outputName: "regions"),
                AggregateCall(function: .countDistinct, argument: .field("source.address"), outputName: "ips"),
                AggregateCall(function: .countValues, argument: .field("tags"), outputName: "tagCount"),
                AggregateCall(function: .count, argument: nil, outputName: "east", filter: .binary(.equal, .field("cloud.region"), .literal(.string("us-east-1")))),
            ],
            columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: true)
        let window = PumpwatchQuery.Expression.call("date_trunc", [.timeSpan(TimeSpan(amount: 1, unit: .hour)), .field("@timestamp")])
        let recent = PumpwatchQuery.Expression.binary(.greater, .field("@timestamp"), .binary(.subtract, .call("now", []), .timeSpan(TimeSpan(amount: 7, unit: .day))))
        let plan = LogicalPlan.limit(
            .sort(
                .filter(
                    .aggregate(.dissect(.filter(.eval(.filter(esqlSource, recent), [Assignment(name: "w", expression: window)]), conditions), field: .field("user_agent.original"), pattern: dissect), stats),
                    .binary(.greater, .field("n"), .literal(.int(0)))),
                [SortKey(expression: .field("n"), order: .descending), SortKey(expression: .field("w"), order: .ascending)], limit: nil),
            count: 500, from: .head)
        let split = try XCTUnwrap(ParallelAggregation(plan: plan, context: ExecutionContext(dialect: .esql, nowMillis: now)))
        XCTAssertEqual(split.conditions.map(\.shape), [.compareDate(.greater, now - 7 * 86_400_000), .equals("sns.amazonaws.com"), .equals("success"), .contains("phoneNumber")])
        XCTAssertFalse(split.rowProjection.includes("aws.cloudtrail.request_parameters"), "fields only the conditions read are not needed in rows")
        try assertSameEverywhere(plan, cloudTrailEvents(4000), dialect: .esql, expectDirect: true)
    }

    func testStatsWithoutKeysOverNoInputStillGivesOneRow() throws {
        let stats = Aggregation(keys: [], aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: true)
        let plan = LogicalPlan.aggregate(.filter(esqlSource, .binary(.equal, .field("event.action"), .literal(.string("Nothing")))), stats)
        let (rows, _, _) = sequential(plan, cloudTrailEvents(50), dialect: .esql)
        XCTAssertEqual(lines(rows), ["c=0"])
        for cuts in [[], [10, 20]] {
            XCTAssertEqual(lines(try parallel(plan, cloudTrailEvents(50), dialect: .esql, cuts: cuts, direct: true).0), ["c=0"])
        }
    }

    func testPlansThatDoNotSplitAreLeftWhole() {
        let count = Aggregation(keys: [], aggregates: [AggregateCall(function: .count, argument: nil, outputName: "c")], columnOrder: .aggregatesThenKeys, dropNullKeys: false, emptyInputGivesRow: true)
        let context = ExecutionContext(dialect: .esql, nowMillis: now)
        XCTAssertNil(ParallelAggregation(plan: .limit(esqlSource, count: 5, from: .head), context: context), "no aggregate")
        XCTAssertNil(ParallelAggregation(plan: .aggregate(.limit(esqlSource, count: 5, from: .head), count), context: context), "a limit below the aggregate")
        XCTAssertNil(ParallelAggregation(plan: .aggregate(.sort(esqlSource, [], limit: nil), count), context: context), "a sort below the aggregate")
        XCTAssertNil(ParallelAggregation(plan: .aggregate(.union([esqlSource, esqlSource]), count), context: context), "a union below the aggregate")
        XCTAssertNil(ParallelAggregation(plan: .union([.aggregate(esqlSource, count), esqlSource]), context: context), "a branch without aggregate")
        let kept = ParallelAggregation(plan: .aggregate(.filter(.eval(esqlSource, [Assignment(name: "x", expression: .literal(.int(1)))]), .binary(.equal, .field("x"), .literal(.int(1)))), count), context: context)
        XCTAssertEqual(kept?.conditions.count, 0, "a condition on a computed column stays in the plan")
    }

    // MARK: - Exact sums

    func testExactSumIsTheSameHoweverTheTermsAreGrouped() {
        var rng = ParallelRandom(seed: 3)
        let terms = (0..<2000).map { _ in (Double(rng.next() % 2_000_000) - 1_000_000) / 997 * pow(10, Double(rng.next() % 30) - 15) }
        var whole = ExactSum()
        for t in terms { whole.add(t) }
        for _ in 0..<20 {
            let cut = Int(rng.next() % UInt64(terms.count))
            var a = ExactSum()
            var b = ExactSum()
            for t in terms[..<cut] { a.add(t) }
            for t in terms[cut...].reversed() { b.add(t) }
            a.add(b)
            XCTAssertEqual(a.value.bitPattern, whole.value.bitPattern)
        }
        var s = ExactSum()
        for t in [1e100, 1.0, -1e100] { s.add(t) }
        XCTAssertEqual(s.value, 1.0)
        var tenths = ExactSum()
        for _ in 0..<10 { tenths.add(0.1) }
        XCTAssertEqual(tenths.value, 1.0)
        var special = ExactSum()
        special.add(.infinity)
        special.add(1)
        XCTAssertEqual(special.value, .infinity)
    }

    func testSimpleDecimalsReadAsDoubleReadsThem() {
        for text in ["0", "-0", "7", "1795341600.123", "0.1", "-12.50", "999999999999999", "000123.4500", "3.14159265358979"] {
            let (d, point) = Accumulator.simpleDecimal(text)!
            XCTAssertEqual(d.bitPattern, Double(text)!.bitPattern, text)
            XCTAssertEqual(point, text.contains("."))
        }
        for text in ["", "-", "1.", ".5", "1e5", " 1", "+1", "1234567890123456", "0x10", "1.2.3"] {
            XCTAssertNil(Accumulator.simpleDecimal(text), text)
        }
    }
}

/// A small deterministic random number generator (SplitMix64) for generated test data.
struct ParallelRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
