import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

final class CQLPlannerTests: XCTestCase {
    /// Asserts the printed plan of `query`, ignoring the indentation of `expected`'s first line.
    private func assertPlan(_ query: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(planText(query), expected, file: file, line: line)
    }

    // MARK: - The seed

    /// `pumpwatch query --explain` for the LogScale seed.
    static let seedPlan = #"""
        Sort EventCount DESC type=number limit=200
          Union branches=2
            Eval RiskScore = case((EventCount > 1000) => "Critical"; else => case((EventCount > 500) => "High"; else => "Medium")) (skip null)
              Eval DetectionBranch = "DNSLookup-SMSProvider" (skip null)
                Filter (EventCount > 50)
                  Aggregate EventCount = count(*), UniqueProcesses = count_distinct(ContextProcessId), FileName = values(FileName) limit=10 separator="\n", FirstSeen = min(ContextTimeStamp), LastSeen = max(ContextTimeStamp) BY aid, ComputerName, DomainName order=keys-first limit=20000 drop-null-keys
                    Filter DomainName = /(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)/
                      Filter #event_simpleName = "DnsRequest"
                        Source [cql]
            Eval RiskScore = case((EventCount > 2000) => "Critical"; else => case((EventCount > 1000) => "High"; else => "Medium")) (skip null)
              Eval DetectionBranch = "NetworkConnect-HighVolumeHTTPS" (skip null)
                Filter (EventCount > 200)
                  Aggregate EventCount = count(*), UniquePorts = count_distinct(RemotePort), FirstSeen = min(ContextTimeStamp), LastSeen = max(ContextTimeStamp) BY aid, ComputerName, RemoteAddressIP4, TargetProcessName order=keys-first limit=20000 drop-null-keys
                    Filter TargetProcessName = /(?i)\.(exe|py|rb|js|jar|sh|php)$/
                      Filter ((RemotePort = "443" OR RemotePort = "80") OR RemotePort = "8443")
                        Filter #event_simpleName = "NetworkConnectIP4"
                          Source [cql]
        """#

    func testSeedPlan() {
        assertPlan(seedQuery, Self.seedPlan)
    }

    func testSeedPlanDetails() throws {
        let plan = try CQLFrontEnd.plan(seedQuery)
        guard case .sort(.union(let branches), let keys, let limit) = plan else { return XCTFail("\(plan)") }
        XCTAssertEqual(limit, 200)
        XCTAssertEqual(keys, [SortKey(expression: .field("EventCount"), order: .descending, comparison: .number)])
        XCTAssertEqual(branches.count, 2)
        XCTAssertEqual(plan.sources, [SourceSelection(dialect: .cql), SourceSelection(dialect: .cql)])
        // The regex is unanchored and keeps its inline (?i); the executor honours it.
        guard case .eval(.eval(.filter(.aggregate(.filter(_, let regex), let aggregation), _), _), _) = branches[0] else {
            return XCTFail("\(branches[0])")
        }
        guard case .fieldMatch("DomainName", let pattern, negated: false) = regex else { return XCTFail("\(regex)") }
        XCTAssertFalse(pattern.anchored)
        XCTAssertFalse(pattern.caseInsensitive)
        XCTAssertEqual(aggregation.columnOrder, .keysThenAggregates)
        XCTAssertTrue(aggregation.dropNullKeys)
        XCTAssertFalse(aggregation.emptyInputGivesRow)
        XCTAssertEqual(aggregation.aggregates.map(\.outputName), ["EventCount", "UniqueProcesses", "FileName", "FirstSeen", "LastSeen"])
    }

    // MARK: - Filters

    func testFieldFilters() {
        assertPlan(
            #"#event_simpleName=ProcessRollup2 x = *foo* y != * z = "" w=WIN-* v = "a\*b""#,
            #"""
            Limit tail 200
              Filter (((((#event_simpleName = "ProcessRollup2" AND x = glob "*foo*") AND y != *) AND z = "") AND w = glob "WIN-*") AND v = "a*b")
                Source [cql]
            """#)
    }

    func testQuotedFieldNamesAndTags() {
        assertPlan(
            #"#repo=base_sensor #type=falcon "Vendor Name" = "Twilio*" @timestamp > 0"#,
            #"""
            Limit tail 200
              Filter (((#repo = "base_sensor" AND #type = "falcon") AND Vendor Name = glob "Twilio*") AND (@timestamp > 0))
                Source [cql]
            """#)
    }

    func testSavedQueriesAreUnsupported() {
        XCTAssertEqual(planText("a=1 | $falcon/investigate:enrich(field=x)"), "error: unsupported: $falcon/investigate:enrich at line 1, column 7")
    }

    /// The pattern of the single field filter `query`.
    private func pattern(_ query: String) throws -> StringPattern? {
        guard case .limit(.filter(_, .fieldMatch(_, let p, _)), _, _) = try CQLFrontEnd.plan(query) else { return nil }
        return p
    }

    func testBackslashesAndEscapedStars() throws {
        // Windows paths: each backslash is literal, the stars are wildcards (glob escapes with `\`).
        XCTAssertEqual(try pattern(#"Path = "*\\System32\\*""#), StringPattern(.glob(#"*\\System32\\*"#, questionMark: false)))
        XCTAssertEqual(try pattern(#"Path = "C:\\Temp""#), StringPattern(.exact(#"C:\Temp"#)))
        // An escaped star is a literal star.
        XCTAssertEqual(try pattern(#"Name = "a\*b""#), StringPattern(.exact("a*b")))
        XCTAssertEqual(try pattern(#"Name = "a\*b*""#), StringPattern(.glob(#"a\*b*"#, questionMark: false)))
        // A regex written as a string reads its escapes as the regex's own.
        XCTAssertEqual(
            planText(#"regex("(?<n>\d+)\\*x")"#).split(separator: "\n")[1],
            #"  Extract @rawstring "(?<n>\\d+)\\*x" -> n (drop unmatched)"#)
    }

    func testRegexFlags() throws {
        assertPlan(
            #"ImageFileName = /\\cmd\.exe$/i CommandLine = /(?i)enc/ x = /a.b/mdgF"#,
            #"""
            Limit tail 200
              Filter ((ImageFileName = /\\cmd\.exe$/i AND CommandLine = /(?i)enc/) AND x = /a.b/)
                Source [cql]
            """#)
        guard case .limit(.filter(_, let e), _, _) = try CQLFrontEnd.plan("x = /a/i"), case .fieldMatch(_, let p, _) = e else {
            return XCTFail()
        }
        XCTAssertEqual(p, StringPattern(.regex("a"), caseInsensitive: true, anchored: false))
    }

    func testFreeTextMatchesRawString() throws {
        assertPlan(
            #""error" /fail(ed)?/i timeout"#,
            #"""
            Limit tail 200
              Filter ((@rawstring = "error" AND @rawstring = /fail(ed)?/i) AND @rawstring = "timeout")
                Source [cql]
            """#)
        guard case .limit(.filter(_, .fieldMatch("@rawstring", let p, false)), _, _) = try CQLFrontEnd.plan(#""err*or""#) else {
            return XCTFail()
        }
        XCTAssertEqual(p, StringPattern(.glob("err*or", questionMark: false), anchored: false))
    }

    func testComparisons() {
        assertPlan(
            "EventCount > 50 Size <= 2.5 N >= -3 M == abc C < 7",
            #"""
            Limit tail 200
              Filter (((((EventCount > 50) AND (Size <= 2.5)) AND (N >= -3)) AND (M == "abc")) AND (C < 7))
                Source [cql]
            """#)
    }

    func testOrBindsTighterThanAnd() {
        assertPlan(
            "a=1 or b=2 and c=3",
            #"""
            Limit tail 200
              Filter ((a = "1" OR b = "2") AND c = "3")
                Source [cql]
            """#)
    }

    func testNotIsTightestAndMatchesMissingFields() {
        assertPlan(
            "not a=1 or b=2 | not (c=1 or d=2) | not x > 5",
            #"""
            Limit tail 200
              Filter NOT coalesce((x > 5), false)
                Filter (c != "1" AND d != "2")
                  Filter (a != "1" OR b = "2")
                    Source [cql]
            """#)
    }

    func testImplicitAndAndNewlineStages() {
        assertPlan(
            "a=1 b=2\nc=3",
            #"""
            Limit tail 200
              Filter c = "3"
                Filter (a = "1" AND b = "2")
                  Source [cql]
            """#)
    }

    func testCommentsDoNotChangeThePlan() {
        XCTAssertEqual(planText("// first\na=1 /* two */ | count() // end"), planText("a=1 | count()"))
    }

    func testLikeMeansContains() {
        assertPlan(
            #"Name like "sms""#,
            #"""
            Limit tail 200
              Filter Name = glob "*sms*"
                Source [cql]
            """#)
    }

    func testInListAndInFunction() {
        assertPlan(
            "RemotePort in [443, 80]",
            #"""
            Limit tail 200
              Filter (RemotePort = "443" OR RemotePort = "80")
                Source [cql]
            """#)
        assertPlan(
            #"in(field=RemotePort, values=["443", "8*"], ignoreCase=true)"#,
            #"""
            Limit tail 200
              Filter (RemotePort = "443"i OR RemotePort = glob "8*"i)
                Source [cql]
            """#)
        assertPlan(
            "!in(field=RemotePort, values=[443, 80]) | not in(Port, values=[22])",
            #"""
            Limit tail 200
              Filter Port != "22"
                Filter (RemotePort != "443" AND RemotePort != "80")
                  Source [cql]
            """#)
    }

    func testWildcardCidrAndMatchesOperator() {
        assertPlan(
            #"wildcard(field=Name, pattern="*sms*", ignoreCase=true) | wildcard(pattern="*otp*") | ip =~ cidr(subnet=["10.0.0.0/8", "192.168.0.0/16"])"#,
            #"""
            Limit tail 200
              Filter cidr_match(ip, "10.0.0.0/8", "192.168.0.0/16")
                Filter @rawstring = glob "*otp*"
                  Filter Name = glob "*sms*"i
                    Source [cql]
            """#)
    }

    func testTestAndWhere() {
        assertPlan(
            #"test(a > b) | where a == "x" | test(Count / 2 >= 10)"#,
            #"""
            Limit tail 200
              Filter ((Count / 2) >= 10)
                Filter (a == "x")
                  Filter (a > b)
                    Source [cql]
            """#)
    }

    // MARK: - Values

    func testAssignmentsAndEval() {
        assertPlan(
            #"x := a + b * 2 | eval(y = x % 3, z = lower(Name)) | eval w = "v""#,
            #"""
            Limit tail 200
              Eval w = "v" (skip null)
                Eval y = (x % 3) (skip null), z = lower(Name) (skip null)
                  Eval x = (a + (b * 2)) (skip null)
                    Source [cql]
            """#)
    }

    func testIfBothForms() {
        let positional = planText(#"eval X = if(c > 1, "a", "b")"#)
        let named = planText(#"if(c > 1, then="a", else="b", as=X)"#)
        let colon = planText(#"X := if(c > 1, then="a", else="b")"#)
        XCTAssertEqual(
            positional,
            #"""
            Limit tail 200
              Eval X = case((c > 1) => "a"; else => "b") (skip null)
                Source [cql]
            """#)
        XCTAssertEqual(named, positional)
        XCTAssertEqual(colon, positional)
        XCTAssertTrue(planText(#"if(c > 1, then="a", else="b")"#).contains("Eval _if = "))
    }

    func testScalarFunctions() {
        assertPlan(
            #"x := concat([a, b]) | y := coalesce([a, "none"]) | z := now() | n := length(Name) | r := math:abs(v) | s := text:startsWith(string=Name, substring="x")"#,
            #"""
            Limit tail 200
              Eval s = starts_with(Name, "x") (skip null)
                Eval r = abs(v) (skip null)
                  Eval n = length(Name) (skip null)
                    Eval z = now() (skip null)
                      Eval y = coalesce(a, "none") (skip null)
                        Eval x = concat(a, b) (skip null)
                          Source [cql]
            """#)
    }

    func testStageFunctionsThatComputeFields() {
        assertPlan(
            #"lower(Name) | upper(Name, as=N) | length(Name) | format("%s:%s", field=[a, b], as=X) | formatTime("%Y-%m-%d", field=@timestamp, as=Day)"#,
            #"""
            Limit tail 200
              Eval Day = format_time("%Y-%m-%d", @timestamp) (skip null)
                Eval X = format("%s:%s", a, b) (skip null)
                  Eval _length = length(Name) (skip null)
                    Eval N = upper(Name) (skip null)
                      Eval _lower = lower(Name) (skip null)
                        Source [cql]
            """#)
        assertPlan(
            ##"replace("\\d+", with="#", field=msg, as=clean) | replace(regex="x", with="y", flags="i")"##,
            ##"""
            Limit tail 200
              Eval @rawstring = replace(@rawstring, "(?i)x", "y") (skip null)
                Eval clean = replace(msg, "\\d+", "#") (skip null)
                  Source [cql]
            """##)
    }

    func testDefault() {
        assertPlan(
            #"default(field=[a, b], value="-") | default(field=c, value=0, replaceEmpty=true)"#,
            #"""
            Limit tail 200
              Eval c = case(c = "" => "0"; else => coalesce(c, "0")) (skip null)
                Eval a = coalesce(a, "-") (skip null), b = coalesce(b, "-") (skip null)
                  Source [cql]
            """#)
    }

    func testRegexExtraction() {
        assertPlan(
            #"regex("(?<user>\\w+)@(?<domain>\\S+)", field=email) | regex("x(?<n>\\d)", strict=false) | regex("plain")"#,
            #"""
            Limit tail 200
              Filter @rawstring = /plain/
                Extract @rawstring "x(?<n>\\d)" -> n
                  Extract email "(?<user>\\w+)@(?<domain>\\S+)" -> user, domain (drop unmatched)
                    Source [cql]
            """#)
        assertPlan(
            #"#type=x email = /(?<user>\w+)@/i user=admin"#,
            #"""
            Limit tail 200
              Filter user = "admin"
                Extract email "(?<user>\\w+)@" -> user (drop unmatched)
                  Filter #type = "x"
                    Source [cql]
            """#)
    }

    // MARK: - Aggregates

    func testGroupByForms() {
        assertPlan(
            "groupBy(aid)",
            #"""
            Aggregate _count = count(*) BY aid order=keys-first limit=20000 drop-null-keys
              Source [cql]
            """#)
        assertPlan(
            "groupBy([aid, host], function=[], limit=max)",
            #"""
            Aggregate  BY aid, host order=keys-first limit=1000000 drop-null-keys
              Source [cql]
            """#)
        assertPlan(
            #"groupBy(aid, function=[count(), count(x, as=c1), count(y, distinct=true, as=c2), dc(z), sum(n), avg(n), min(n), max(n, as=Top), collect([u, v], limit=5, separator=";"), selectLast([p, q])], limit=10)"#,
            #"""
            Aggregate _count = count(*), c1 = count_values(x), c2 = count_distinct(y), _dc = count_distinct(z), _sum = sum(n), _avg = avg(n), _min = min(n), Top = max(n), u = values(u) limit=5 separator=";", v = values(v) limit=5 separator=";", p = last(p), q = last(q) BY aid order=keys-first limit=10 drop-null-keys
              Source [cql]
            """#)
    }

    func testUngroupedAggregates() throws {
        assertPlan(
            "a=1 | count()",
            #"""
            Aggregate _count = count(*) order=keys-first drop-null-keys
              Filter a = "1"
                Source [cql]
            """#)
        let stats = planText("stats([count(), max(x)])")
        XCTAssertEqual(
            stats,
            #"""
            Aggregate _count = count(*), _max = max(x) order=keys-first drop-null-keys
              Source [cql]
            """#)
        XCTAssertEqual(planText("[count(), max(x)]"), stats)
        XCTAssertEqual(planText("stats(function=[count(), max(x)])"), stats)
        guard case .aggregate(_, let a) = try CQLFrontEnd.plan("count()") else { return XCTFail() }
        XCTAssertTrue(a.emptyInputGivesRow)
        XCTAssertNil(a.groupLimit)
    }

    func testTimeBuckets() {
        assertPlan(
            "bucket(span=1h, field=host, function=count()) | timeChart(host, span=5m, function=[sum(_count)])",
            #"""
            Aggregate _sum = sum(_count) BY _bucket = date_trunc(5 minutes, @timestamp), host order=keys-first drop-null-keys
              Aggregate _count = count(*) BY _bucket = date_trunc(1 hour, @timestamp), host order=keys-first drop-null-keys
                Source [cql]
            """#)
    }

    // MARK: - Ordering, limits, projections

    func testSortHeadTailTable() {
        assertPlan(
            "sort(x) | head(5)",
            #"""
            Limit head 5
              Sort x DESC type=number limit=200
                Source [cql]
            """#)
        assertPlan(
            "sort([a, b], order=[asc, desc], type=string, limit=10)",
            #"""
            Sort a ASC type=string, b DESC type=string limit=10
              Source [cql]
            """#)
        assertPlan(
            "sort(a, reverse=false, type=hex) | tail()",
            #"""
            Limit tail 200
              Sort a ASC type=hex limit=200
                Source [cql]
            """#)
        assertPlan(
            "table([a, b], limit=10)",
            #"""
            Project keep a, b
              Sort @timestamp DESC type=number limit=10
                Source [cql]
            """#)
    }

    func testProjections() {
        assertPlan(
            "select([a, b]) | drop(c) | rename(field=a, as=b) | rename([[c, d], [e, f]])",
            #"""
            Limit tail 200
              Project rename c AS d, e AS f
                Project rename a AS b
                  Project drop c
                    Project keep a, b
                      Source [cql]
            """#)
    }

    // MARK: - Implicit tail

    func testImplicitTailOnlyWithoutAggregates() {
        XCTAssertTrue(planText("a=1 | x := 2").hasPrefix("Limit tail 200\n"))
        XCTAssertTrue(planText("a=1 | union [ b=2 ]").hasPrefix("Limit tail 200\n"))
        XCTAssertFalse(planText("groupBy(a) | x := 2").hasPrefix("Limit"))
        XCTAssertFalse(planText("sort(a)").hasPrefix("Limit"))
        XCTAssertFalse(planText("a=1 | union [ count() ]").hasPrefix("Limit"))
        XCTAssertEqual(planText("head(3)").components(separatedBy: "Limit").count, 2)
    }

    // MARK: - Branching

    func testCaseFirstMatchWins() {
        assertPlan(
            "case { a=1 | x := 1 ; b > 2 | x := 2 ; * | x := 3 }",
            #"""
            Limit tail 200
              Union branches=3
                Eval x = 1 (skip null)
                  Filter a = "1"
                    Source [cql]
                Eval x = 2 (skip null)
                  Filter ((b > 2) AND a != "1")
                    Source [cql]
                Eval x = 3 (skip null)
                  Filter (a != "1" AND NOT coalesce((b > 2), false))
                    Source [cql]
            """#)
    }

    func testCaseWithoutCatchAllDropsUnmatchedEvents() {
        assertPlan(
            "#type=x | case { a=1 | in(b, values=[2]) | x := 1 ; c=3 }",
            #"""
            Limit tail 200
              Union branches=2
                Eval x = 1 (skip null)
                  Filter (a = "1" AND b = "2")
                    Filter #type = "x"
                      Source [cql]
                Filter (c = "3" AND (a != "1" OR b != "2"))
                  Filter #type = "x"
                    Source [cql]
            """#)
    }

    func testMatchStatement() {
        assertPlan(
            #"Status match { "200" => ok := 1 ; /^5/ => ok := 0 ; * => ok := -1 }"#,
            #"""
            Limit tail 200
              Union branches=3
                Eval ok = 1 (skip null)
                  Filter Status = "200"
                    Source [cql]
                Eval ok = 0 (skip null)
                  Filter (Status = /^5/ AND Status != "200")
                    Source [cql]
                Eval ok = -1 (skip null)
                  Filter (Status != "200" AND Status != /^5/)
                    Source [cql]
            """#)
    }

    func testUnionRunsOnTheOriginalInput() {
        assertPlan(
            "a=1 | groupBy(x)\n| union [ b=2 | count() ]",
            #"""
            Union branches=2
              Aggregate _count = count(*) BY x order=keys-first limit=20000 drop-null-keys
                Filter a = "1"
                  Source [cql]
              Aggregate _count = count(*) order=keys-first drop-null-keys
                Filter b = "2"
                  Source [cql]
            """#)
    }

    func testParenthesisedSubPipelineAppliesInSequence() {
        XCTAssertEqual(planText("(a=1 | x := 2) | count()"), planText("a=1 | x := 2 | count()"))
    }
}
