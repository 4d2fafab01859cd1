import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

/// The seed ES|QL query, pasted verbatim from `seeds/004_ed483a7adbb8c843.txt`.
let seedQuery = #"""
from logs-aws.cloudtrail-*
| WHERE @timestamp > now() - 7 day
| EVAL target_time_window = DATE_TRUNC(10 seconds, @timestamp)
| WHERE
    event.dataset == "aws.cloudtrail" AND
    event.provider == "sns.amazonaws.com" AND
    event.action == "Publish" AND
    event.outcome == "success" AND
    aws.cloudtrail.request_parameters LIKE "*phoneNumber*"
| DISSECT user_agent.original "%{user_agent_name} %{?user_agent_remainder}"
| STATS sms_message_count = COUNT(*) by target_time_window, cloud.account.id, aws.cloudtrail.user_identity.arn, cloud.region, source.address, user_agent_name
| WHERE sms_message_count > 30
"""#

/// `pumpwatch query --explain` of the seed.
let seedPlan = #"""
Limit head 1000
  Filter (sms_message_count > 30)
    Aggregate sms_message_count = count(*) BY target_time_window, cloud.account.id, aws.cloudtrail.user_identity.arn, cloud.region, source.address, user_agent_name order=aggregates-first
      Dissect user_agent.original "%{user_agent_name} %{?user_agent_remainder}"
        Filter (((((event.dataset == "aws.cloudtrail") AND (event.provider == "sns.amazonaws.com")) AND (event.action == "Publish")) AND (event.outcome == "success")) AND aws.cloudtrail.request_parameters MATCHES glob "*phoneNumber*")
          Eval target_time_window = date_trunc(10 seconds, @timestamp)
            Filter (@timestamp > (now() - 7 days))
              Source [esql] logs-aws.cloudtrail-*
"""#

final class ESQLPlannerTests: XCTestCase {
    // MARK: The seed

    func testSeedPlan() throws {
        XCTAssertEqual(printedPlan(seedQuery), seedPlan)
    }

    func testSeedPlanDetails() throws {
        let plan = try ESQLFrontEnd.plan(seedQuery)
        guard case .limit(.filter(.aggregate(.dissect(.filter(.eval(.filter(.source(let source), let recent), let eval), let match), let field, let pattern), let aggregation), _), 1000, .head) = plan else {
            return XCTFail("unexpected plan shape:\n\(PlanPrinter.print(plan))")
        }
        XCTAssertEqual(source, SourceSelection(indexPatterns: ["logs-aws.cloudtrail-*"], metadata: [], dialect: .esql))
        XCTAssertEqual(recent, .binary(.greater, .field("@timestamp"), .binary(.subtract, .call("now", []), .timeSpan(TimeSpan(amount: 7, unit: .day)))))
        XCTAssertEqual(eval, [Assignment(name: "target_time_window", expression: .call("date_trunc", [.timeSpan(TimeSpan(amount: 10, unit: .second)), .field("@timestamp")]), skipWhenNull: false)])
        guard case .binary(.and, _, .patternMatch(.field("aws.cloudtrail.request_parameters"), let like, negated: false)) = match else {
            return XCTFail("LIKE not lowered: \(PlanPrinter.text(match))")
        }
        XCTAssertEqual(like, StringPattern(.glob("*phoneNumber*", questionMark: true), anchored: true))
        XCTAssertEqual(field, .field("user_agent.original"))
        XCTAssertEqual(pattern.outputNames, ["user_agent_name"])
        XCTAssertEqual(aggregation.keys.map(\.name), ["target_time_window", "cloud.account.id", "aws.cloudtrail.user_identity.arn", "cloud.region", "source.address", "user_agent_name"])
        XCTAssertEqual(aggregation.aggregates, [AggregateCall(function: .count, argument: nil, outputName: "sms_message_count")])
        XCTAssertEqual(aggregation.columnOrder, .aggregatesThenKeys)
        XCTAssertFalse(aggregation.dropNullKeys)
        XCTAssertFalse(aggregation.emptyInputGivesRow)
        XCTAssertNil(aggregation.groupLimit)
    }

    // MARK: FROM

    func testFromSeveralPatternsAndMetadata() {
        XCTAssertEqual(printedPlan(#"FROM logs-aws.cloudtrail-*, "logs-okta*",logs-endpoint.events.* METADATA _id, _index, _version"#), """
            Limit head 1000
              Source [esql] logs-aws.cloudtrail-*, logs-okta*, logs-endpoint.events.* METADATA _id, _index, _version
            """)
    }

    func testFromPatternWithClusterAndDateMath() {
        XCTAssertEqual(printedPlan("from remote:logs-*,<logs-{now/d}>"), """
            Limit head 1000
              Source [esql] remote:logs-*, <logs-{now/d}>
            """)
    }

    // MARK: WHERE and operators

    func testComparisons() {
        XCTAssertEqual(printedCondition(#"a == 1 AND b != "x" AND c < 2.5 AND d <= 3 AND e > -4 AND f >= 5"#),
            #"((((((a == 1) AND (b != "x")) AND (c < 2.5)) AND (d <= 3)) AND (e > -4)) AND (f >= 5))"#)
    }

    func testBooleanPrecedence() {
        XCTAssertEqual(printedCondition("a OR b AND NOT c"), "(a OR (b AND NOT c))")
        XCTAssertEqual(printedCondition("(a OR b) AND c"), "((a OR b) AND c)")
        XCTAssertEqual(printedCondition("NOT a == 1 OR b"), "(NOT (a == 1) OR b)")
        XCTAssertEqual(printedCondition("not a and not b or c"), "((NOT a AND NOT b) OR c)")
    }

    func testArithmeticPrecedence() {
        XCTAssertEqual(printedCondition("a + b * c - -d > 10 % 3 / 2"), "(((a + (b * c)) - -d) > ((10 % 3) / 2))")
        XCTAssertEqual(printedCondition("-x::long < 0"), "(-x::long < 0)")
        XCTAssertEqual(printedCondition("a - 1 - 2 == 0"), "(((a - 1) - 2) == 0)")
    }

    func testInAndNull() {
        XCTAssertEqual(printedCondition(#"event.action IN ("Publish", "SendMessage") AND x NOT IN (1, 2)"#),
            #"(event.action IN ("Publish", "SendMessage") AND x NOT IN (1, 2))"#)
        XCTAssertEqual(printedCondition("a IS NULL OR b IS NOT NULL"), "(a IS NULL OR b IS NOT NULL)")
    }

    func testLikeAndRlike() {
        XCTAssertEqual(printedCondition(#"a LIKE "*x?" AND b NOT LIKE "y*""#),
            #"(a MATCHES glob "*x?" AND b NOT MATCHES glob "y*")"#)
        XCTAssertEqual(printedCondition(#"a RLIKE ".*[0-9]+" AND b NOT RLIKE """\d+""""#),
            #"(a MATCHES /.*[0-9]+/ anchored AND b NOT MATCHES /\d+/ anchored)"#)
        XCTAssertEqual(printedCondition(#"a LIKE ("x*", "y*")"#), #"(a MATCHES glob "x*" OR a MATCHES glob "y*")"#)
        XCTAssertEqual(printedCondition(#"a NOT LIKE ("x*", "y*")"#), #"(a NOT MATCHES glob "x*" AND a NOT MATCHES glob "y*")"#)
    }

    func testLikeLowersToAnchoredGlob() throws {
        let plan = try ESQLFrontEnd.plan(#"FROM t | WHERE a LIKE "a\\*b?""#)
        guard case .limit(.filter(_, .patternMatch(.field("a"), let pattern, negated: false)), _, _) = plan else {
            return XCTFail(PlanPrinter.print(plan))
        }
        XCTAssertEqual(pattern, StringPattern(.glob(#"a\*b?"#, questionMark: true), caseInsensitive: false, anchored: true))
    }

    func testCaseInsensitiveEquality() {
        XCTAssertEqual(printedCondition(#"user.name =~ "ADMIN""#), #"(lower(user.name) == lower("ADMIN"))"#)
    }

    func testLiterals() {
        XCTAssertEqual(printedEval(#"a = true, b = false, c = null, d = 1.5, e = 2e3, f = .25, g = "s", h = 9223372036854775807, i = [1, 2, 3]"#),
            #"a = true, b = false, c = null, d = 1.5, e = 2000.0, f = 0.25, g = "s", h = 9223372036854775807, i = 1,2,3"#)
    }

    func testTimeSpansWithAndWithoutSpace() {
        XCTAssertEqual(printedEval("a = 7 day, b = 7day, c = 1h, d = 10 seconds, e = 5 min, f = 2 weeks, g = 3mo, h = 1 year, i = 250ms, j = 1 quarter, k = -1 hour"),
            "a = 7 days, b = 7 days, c = 1 hour, d = 10 seconds, e = 5 minutes, f = 2 weeks, g = 3 months, h = 1 year, i = 250 milliseconds, j = 1 quarter, k = -1 hours")
        XCTAssertEqual(printedCondition("@timestamp >= NOW() - 1d"), "(@timestamp >= (now() - 1 day))")
    }

    func testCasts() {
        XCTAssertEqual(printedEval(#"a = x::keyword, b = x::long, c = x::integer, d = x::double, e = "2026-01-01"::datetime, f = x::boolean, g = "10.0.0.1"::ip, h = x::string, i = x::text, j = "1"::int::long"#),
            #"a = x::keyword, b = x::long, c = x::integer, d = x::double, e = "2026-01-01"::datetime, f = x::boolean, g = "10.0.0.1"::ip, h = x::keyword, i = x::keyword, j = "1"::integer::long"#)
    }

    func testBacktickAndDottedNames() {
        XCTAssertEqual(printedCondition("`user name` == 1 AND `a``b`.c == 2 AND @timestamp > 0 AND aws.cloudtrail.user_identity.arn IS NOT NULL"),
            "((((user name == 1) AND (a`b.c == 2)) AND (@timestamp > 0)) AND aws.cloudtrail.user_identity.arn IS NOT NULL)")
    }

    func testCommentsAndTripleQuotedStrings() {
        let query = #"""
            // hunting query
            FROM logs-* /* all logs */
            | WHERE process.command_line RLIKE """.*\\temp\\.*""" // raw: backslashes stay
            /* a block
               comment */
            | EVAL quote = """say "hi"""", esc = "tab\there\n\"q\"\\"
            """#
        XCTAssertEqual(printedPlan(query), #"""
            Limit head 1000
              Eval quote = "say \"hi\"", esc = "tab\there\n\"q\"\\"
                Filter process.command_line MATCHES /.*\\temp\\.*/ anchored
                  Source [esql] logs-*
            """#)
    }

    func testLowerCaseKeywordsAndCommands() {
        XCTAssertEqual(printedPlan(#"from t | where a == 1 and b like "x*" | stats c = count(*) by d | sort c desc nulls last | limit 3"#), """
            Sort c DESC NULLS LAST limit=3
              Aggregate c = count(*) BY d order=aggregates-first
                Filter ((a == 1) AND b MATCHES glob "x*")
                  Source [esql] t
            """)
    }

    // MARK: EVAL

    /// An unnamed expression is named by its text; a field (even in parentheses) keeps its name.
    func testEvalNamesAndUnnamedExpressions() {
        XCTAssertEqual(printedEval("a = x + 1, x * 2, TO_LOWER(name), (y)"),
            #"a = (x + 1), x * 2 = (x * 2), TO_LOWER(name) = lower(name), y = y"#)
    }

    func testEvalDoesNotSkipNulls() throws {
        let plan = try ESQLFrontEnd.plan("FROM t | EVAL a = b")
        guard case .limit(.eval(_, let assignments), _, _) = plan else { return XCTFail(PlanPrinter.print(plan)) }
        XCTAssertEqual(assignments, [Assignment(name: "a", expression: .field("b"), skipWhenNull: false)])
    }

    // MARK: Functions

    func testScalarFunctionNames() {
        XCTAssertEqual(printedEval(#"a = NOW(), b = DATE_TRUNC(1 hour, @timestamp), c = DATE_DIFF("seconds", s, e), d = DATE_FORMAT("yyyy", @timestamp), e = date_format(@timestamp), f = DATE_EXTRACT("hour_of_day", @timestamp)"#),
            #"a = now(), b = date_trunc(1 hour, @timestamp), c = date_diff("seconds", s, e), d = date_format("yyyy", @timestamp), e = date_format(@timestamp), f = date_extract("hour_of_day", @timestamp)"#)
        XCTAssertEqual(printedEval(#"a = COALESCE(x, y, "-"), b = TO_LOWER(x), c = TO_UPPER(x), d = TO_STRING(x), e = TO_LONG(x), f = TO_INTEGER(x), g = TO_DOUBLE(x), h = TO_BOOLEAN(x), i = TO_DATETIME(x), j = TO_IP(x)"#),
            #"a = coalesce(x, y, "-"), b = lower(x), c = upper(x), d = to_string(x), e = to_long(x), f = to_long(x), g = to_double(x), h = to_boolean(x), i = to_datetime(x), j = to_ip(x)"#)
        XCTAssertEqual(printedEval(##"a = REPLACE(x, "[0-9]", "#"), b = STARTS_WITH(x, "a"), c = ENDS_WITH(x, "z"), d = CONCAT(x, "-", y), e = LENGTH(x), f = SUBSTRING(x, 1, 3), g = SUBSTRING(x, 2), h = SPLIT(x, ","), i = TRIM(x)"##),
            ##"a = replace(x, "[0-9]", "#"), b = starts_with(x, "a"), c = ends_with(x, "z"), d = concat(x, "-", y), e = length(x), f = substring(x, 1, 3), g = substring(x, 2), h = split(x, ","), i = trim(x)"##)
        XCTAssertEqual(printedEval(#"a = CIDR_MATCH(ip, "10.0.0.0/8", "192.168.0.0/16"), b = MV_FIRST(x), c = MV_LAST(x), d = MV_COUNT(x), e = MV_MIN(x), f = MV_MAX(x), g = MV_DEDUPE(x), h = MV_CONCAT(x, ";")"#),
            #"a = cidr_match(ip, "10.0.0.0/8", "192.168.0.0/16"), b = mv_first(x), c = mv_last(x), d = mv_count(x), e = mv_min(x), f = mv_max(x), g = mv_dedupe(x), h = mv_concat(x, ";")"#)
        XCTAssertEqual(printedEval("a = ABS(x), b = ROUND(x), c = ROUND(x, 2), d = FLOOR(x), e = CEIL(x), f = GREATEST(x, y), g = LEAST(x, y, 0), h = IP_PREFIX(ip, 24, 0)"),
            "a = abs(x), b = round(x), c = round(x, 2), d = floor(x), e = ceil(x), f = greatest(x, y), g = least(x, y, 0), h = ip_prefix(ip, 24, 0)")
    }

    func testCase() {
        XCTAssertEqual(printedEval(#"risk = CASE(n > 100, "high", n > 10, "medium", "low"), flag = case(x IS NULL, 0)"#),
            #"risk = case((n > 100) => "high"; (n > 10) => "medium"; else => "low"), flag = case(x IS NULL => 0)"#)
    }

    func testBucket() {
        XCTAssertEqual(printedEval("hour = BUCKET(@timestamp, 1 hour), size = BUCKET(bytes, 1000)"),
            "hour = date_trunc(1 hour, @timestamp), size = (floor((bytes / 1000)) * 1000)")
    }

    // MARK: STATS

    func testStatsAggregates() {
        XCTAssertEqual(printedPlan(#"FROM t | STATS COUNT(*), n = COUNT(x), d = COUNT_DISTINCT(user.name), s = SUM(bytes), a = AVG(bytes), lo = MIN(@timestamp), hi = MAX(@timestamp), v = VALUES(host.name), COUNT()"#), """
            Limit head 1000
              Aggregate COUNT(*) = count(*), n = count_values(x), d = count_distinct(user.name), s = sum(bytes), a = avg(bytes), lo = min(@timestamp), hi = max(@timestamp), v = values(host.name), COUNT() = count(*) order=aggregates-first
                Source [esql] t
            """)
    }

    func testStatsWithoutByGivesOneRowOverEmptyInput() throws {
        let plan = try ESQLFrontEnd.plan("FROM t | STATS c = COUNT(*)")
        guard case .limit(.aggregate(_, let aggregation), _, _) = plan else { return XCTFail(PlanPrinter.print(plan)) }
        XCTAssertTrue(aggregation.emptyInputGivesRow)
        XCTAssertFalse(aggregation.dropNullKeys)
        XCTAssertEqual(aggregation.columnOrder, .aggregatesThenKeys)
        XCTAssertNil(aggregation.aggregates[0].separator)
    }

    func testStatsByExpressionsAndFilters() {
        XCTAssertEqual(printedPlan(#"FROM t | STATS failures = COUNT(*) WHERE event.outcome == "failure", total = COUNT(*) BY BUCKET(@timestamp, 1 hour), h = DATE_TRUNC(1 day, @timestamp), user.name"#), """
            Limit head 1000
              Aggregate failures = count(*) WHERE (event.outcome == "failure"), total = count(*) BY BUCKET(@timestamp, 1 hour) = date_trunc(1 hour, @timestamp), h = date_trunc(1 day, @timestamp), user.name order=aggregates-first
                Source [esql] t
            """)
    }

    func testStatsOnlyBy() {
        XCTAssertEqual(printedPlan("FROM t | STATS BY host.name, user.name"), """
            Limit head 1000
              Aggregate  BY host.name, user.name order=aggregates-first
                Source [esql] t
            """)
    }

    func testStatsExpressionOverAggregates() {
        XCTAssertEqual(printedPlan("FROM t | STATS total = COUNT(*), ratio = SUM(failed) / COUNT(*), last = MAX(@timestamp) BY user.name"), """
            Limit head 1000
              Project drop $stats0, $stats1
                Eval ratio = ($stats0 / $stats1), last = last, user.name = user.name
                  Aggregate total = count(*), $stats0 = sum(failed), $stats1 = count(*), last = max(@timestamp) BY user.name order=aggregates-first
                    Source [esql] t
            """)
    }

    // MARK: KEEP, DROP, RENAME

    func testKeepDropRename() {
        XCTAssertEqual(printedPlan("FROM t | KEEP @timestamp, aws.*, *_id, user.name, * | DROP host.*, tmp | RENAME user.name AS user, new = old"), """
            Limit head 1000
              Project rename user.name AS user, old AS new
                Project drop host.*, tmp
                  Project keep @timestamp, aws.*, *_id, user.name, *
                    Source [esql] t
            """)
    }

    // MARK: SORT and LIMIT

    func testSortKeys() throws {
        XCTAssertEqual(printedPlan("FROM t | SORT a, b DESC, c ASC NULLS FIRST, LENGTH(d) DESC NULLS LAST | LIMIT 10"), """
            Sort a ASC, b DESC, c ASC NULLS FIRST, length(d) DESC NULLS LAST limit=10
              Source [esql] t
            """)
        guard case .sort(_, let keys, _) = try ESQLFrontEnd.plan("FROM t | SORT a") else { return XCTFail() }
        XCTAssertEqual(keys, [SortKey(expression: .field("a"), order: .ascending, nullsFirst: nil, comparison: .natural)])
    }

    func testImplicitLimitMergesIntoSort() {
        XCTAssertEqual(printedPlan("FROM t | SORT a"), """
            Sort a ASC limit=1000
              Source [esql] t
            """)
    }

    func testLimitMovesBelowRowPreservingCommands() {
        XCTAssertEqual(printedPlan("FROM t | SORT n DESC | EVAL m = n * 2 | KEEP m | LIMIT 5"), """
            Project keep m
              Eval m = (n * 2)
                Sort n DESC limit=5
                  Source [esql] t
            """)
    }

    func testLimitDoesNotMoveBelowFilter() {
        XCTAssertEqual(printedPlan("FROM t | SORT n | WHERE n > 1 | LIMIT 5"), """
            Limit head 5
              Filter (n > 1)
                Sort n ASC
                  Source [esql] t
            """)
    }

    func testExplicitLimitRules() {
        XCTAssertEqual(printedPlan("FROM t | LIMIT 5000"), "Limit head 5000\n  Source [esql] t")
        XCTAssertEqual(printedPlan("FROM t | LIMIT 50000"), "Limit head 10000\n  Source [esql] t")
        XCTAssertEqual(printedPlan("FROM t | LIMIT 20 | LIMIT 10"), "Limit head 10\n  Source [esql] t")
        XCTAssertEqual(printedPlan("FROM t | LIMIT 5 | WHERE a > 1"), "Filter (a > 1)\n  Limit head 5\n    Source [esql] t")
        XCTAssertEqual(printedPlan("FROM t | LIMIT 5 | MV_EXPAND tags"), "Limit head 10000\n  MvExpand tags\n    Limit head 5\n      Source [esql] t")
        XCTAssertEqual(printedPlan("FROM t | MV_EXPAND tags | LIMIT 0"), "Limit head 0\n  MvExpand tags\n    Source [esql] t")
    }

    // MARK: DISSECT, GROK, MV_EXPAND

    func testDissect() throws {
        XCTAssertEqual(printedPlan(#"FROM t | DISSECT message "%{ts} %{+ts} %{level->} [%{?thread}] %{msg}" APPEND_SEPARATOR = " ""#), #"""
            Limit head 1000
              Dissect message "%{ts} %{+ts} %{level->} [%{?thread}] %{msg}" APPEND_SEPARATOR=" "
                Source [esql] t
            """#)
        guard case .limit(.dissect(_, _, let pattern), _, _) = try ESQLFrontEnd.plan(#"FROM t | DISSECT a "%{x}-%{y}""#) else { return XCTFail() }
        XCTAssertEqual(pattern.outputNames, ["x", "y"])
        XCTAssertEqual(pattern.appendSeparator, "")
    }

    func testGrok() throws {
        XCTAssertEqual(printedPlan(#"FROM t | GROK message "%{IP:client.ip} %{WORD:verb} %{URIPATHPARAM:url}""#), #"""
            Limit head 1000
              Extract message "%{IP:client.ip} %{WORD:verb} %{URIPATHPARAM:url}" -> client.ip, verb, url
                Source [esql] t
            """#)
        let plan = try ESQLFrontEnd.plan(#"FROM t | GROK message "%{WORD:verb}""#)
        guard case .limit(.extract(_, .field("message"), let pattern), _, _) = plan else { return XCTFail(PlanPrinter.print(plan)) }
        XCTAssertFalse(pattern.dropUnmatched)
        XCTAssertFalse(pattern.anchored)
        XCTAssertFalse(pattern.caseInsensitive)
        XCTAssertEqual(pattern.groupNames, ["verb"])
        XCTAssertEqual(pattern.regex, #"(?<verb>\b\w+\b)"#)
    }

    func testGrokTypeSuffixesCastAfterExtraction() {
        XCTAssertEqual(printedPlan(#"FROM t | GROK line "%{IP:ip} %{NUMBER:bytes:int} %{WORD:verb} %{NUMBER:took:float}""#), #"""
            Limit head 1000
              Eval bytes = bytes::integer, verb = verb, took = took::double
                Extract line "%{IP:ip} %{NUMBER:bytes:int} %{WORD:verb} %{NUMBER:took:float}" -> ip, bytes, verb, took
                  Source [esql] t
            """#)
    }

    func testMvExpand() {
        XCTAssertEqual(printedPlan("FROM t | MV_EXPAND `related.ip` | MV_EXPAND host.ip"), """
            Limit head 1000
              MvExpand host.ip
                MvExpand related.ip
                  Source [esql] t
            """)
    }

    // MARK: A realistic hunting query

    func testHuntingQuery() {
        let query = #"""
            FROM logs-aws.cloudtrail-* METADATA _id, _version, _index
            | WHERE event.provider == "sns.amazonaws.com" AND event.action IN ("Publish", "CreateTopic")
                AND NOT aws.cloudtrail.user_identity.arn LIKE "*:assumed-role/Admin*"
            | EVAL hour = DATE_TRUNC(1 hour, @timestamp), arn = TO_LOWER(aws.cloudtrail.user_identity.arn)
            | STATS n = COUNT(*), regions = COUNT_DISTINCT(cloud.region), ips = VALUES(source.ip) BY arn, hour
            | WHERE n > 100
            | SORT n DESC
            | KEEP arn, hour, n, regions, ips
            | LIMIT 50
            """#
        XCTAssertEqual(printedPlan(query), #"""
            Project keep arn, hour, n, regions, ips
              Sort n DESC limit=50
                Filter (n > 100)
                  Aggregate n = count(*), regions = count_distinct(cloud.region), ips = values(source.ip) BY arn, hour order=aggregates-first
                    Eval hour = date_trunc(1 hour, @timestamp), arn = lower(aws.cloudtrail.user_identity.arn)
                      Filter (((event.provider == "sns.amazonaws.com") AND event.action IN ("Publish", "CreateTopic")) AND NOT aws.cloudtrail.user_identity.arn MATCHES glob "*:assumed-role/Admin*")
                        Source [esql] logs-aws.cloudtrail-* METADATA _id, _version, _index
            """#)
    }

    func testDetectionRuleStyleQuery() {
        let query = #"""
            from logs-endpoint.events.process-* metadata _id, _version, _index
            | where @timestamp > now() - 7 day and host.os.type == "windows" and
              to_lower(process.name) in ("rundll32.exe", "regsvr32.exe") and
              not process.executable rlike """[c-fC-F]:\\Windows\\(System32|SysWOW64)\\[a-zA-Z0-9_]+.exe"""
            | eval Esql.window = date_trunc(1 minute, @timestamp), Esql.hash = mv_first(process.hash.sha256)
            | stats Esql.count = count(*), Esql.hosts = count_distinct(host.id), first = min(@timestamp), last = max(@timestamp),
                    minutes = date_diff("minutes", min(@timestamp), max(@timestamp)) by Esql.window, process.executable
            | where Esql.count <= 3 and Esql.hosts == 1
            | keep Esql.*, process.executable, minutes
            | sort Esql.count desc
            | limit 100
            """#
        XCTAssertEqual(printedPlan(query), #"""
            Sort Esql.count DESC limit=100
              Project keep Esql.*, process.executable, minutes
                Filter ((Esql.count <= 3) AND (Esql.hosts == 1))
                  Project drop $stats0, $stats1
                    Eval minutes = date_diff("minutes", $stats0, $stats1), Esql.window = Esql.window, process.executable = process.executable
                      Aggregate Esql.count = count(*), Esql.hosts = count_distinct(host.id), first = min(@timestamp), last = max(@timestamp), $stats0 = min(@timestamp), $stats1 = max(@timestamp) BY Esql.window, process.executable order=aggregates-first
                        Eval Esql.window = date_trunc(1 minute, @timestamp), Esql.hash = mv_first(process.hash.sha256)
                          Filter ((((@timestamp > (now() - 7 days)) AND (host.os.type == "windows")) AND lower(process.name) IN ("rundll32.exe", "regsvr32.exe")) AND NOT process.executable MATCHES /[c-fC-F]:\\Windows\\(System32|SysWOW64)\\[a-zA-Z0-9_]+.exe/ anchored)
                            Source [esql] logs-endpoint.events.process-* METADATA _id, _version, _index
            """#)
    }
}
