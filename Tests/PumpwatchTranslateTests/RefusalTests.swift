import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// Constructs without an equivalent are refused with `cannot translate <construct> to <target>: <reason>`.
final class RefusalTests: XCTestCase {
    func testUnionWhoseBranchesOverlap() throws {
        XCTAssertEqual(
            try refusal(.cql, "#event_simpleName=DnsRequest | groupBy(aid) | union [ #event_simpleName=DnsRequest FileName=x | groupBy(aid) ]", to: .cql),
            "cannot translate union to cql: branches 1 and 2 can match the same event, and one pass would count it in one branch only (require different values of one field, such as #event_simpleName, in their first filters)")
    }

    func testFieldWithoutMapping() throws {
        XCTAssertEqual(
            try refusal(.esql, "FROM logs-aws.cloudtrail-* | STATS n = COUNT(*) BY host.name", to: .kql),
            "cannot translate field host.name to kql: the kql mapping of cloudtrail has no entry for it (add one with --mapping)")
    }

    func testUnavailableField() throws {
        XCTAssertEqual(
            try refusal(.esql, "FROM logs-aws.cloudtrail-* | STATS n = COUNT(*) BY user_agent.name", to: .spl),
            "cannot translate field user_agent.name to spl: the aws:cloudtrail add-on names no user-agent client family")
    }

    func testRequestParametersBeyondSubstrings() throws {
        XCTAssertEqual(
            try refusal(.esql, #"FROM logs-aws.cloudtrail-* | WHERE aws.cloudtrail.request_parameters LIKE "*phoneNumber=+1*" | KEEP event.action"#, to: .duckdb),
            "cannot translate aws.cloudtrail.request_parameters LIKE \"*phoneNumber=+1*\" to duckdb: the field is JSON text here and Java Map text in ECS, so only substring tests of plain words mean the same")
    }

    func testLookaroundInRE2() throws {
        XCTAssertEqual(
            try refusal(.cql, "#event_simpleName=DnsRequest | DomainName=/twilio(?!\\.com)/ | count()", to: .duckdb),
            "cannot translate regex /twilio(?!\\.com)/ to duckdb: RE2 has no lookaround")
    }

    func testLuceneHasNoBackReferences() throws {
        XCTAssertEqual(
            try refusal(.cql, "#event_simpleName=DnsRequest | DomainName=/(a)\\1/ | count()", to: .esql),
            "cannot translate regex /(a)\\1/ to esql: Lucene regexes (RLIKE) do not support the escape \\1")
    }

    func testMultiValuesInLogScale() throws {
        XCTAssertEqual(
            try refusal(.esql, "FROM logs-aws.cloudtrail-* | MV_EXPAND event.action | STATS n = COUNT(*) BY event.action | KEEP n", to: .cql),
            "cannot translate MV_EXPAND event.action to cql: LogScale fields hold one value; arrays are separate fields (split() works on them)")
    }

    func testCalendarSpanInLogScale() throws {
        XCTAssertEqual(
            try refusal(.esql, "FROM logs-aws.cloudtrail-* | EVAL m = DATE_TRUNC(1 month, @timestamp) | STATS n = COUNT(*) BY m", to: .cql),
            "cannot translate DATE_TRUNC(1 month, ...) to cql: LogScale time is milliseconds; weeks and calendar units need bucket()")
    }

    func testTopRowsInSigma() throws {
        XCTAssertEqual(
            try refusal(.cql, "#event_simpleName=DnsRequest | groupBy(aid, function=count(as=n)) | n > 5 | sort(n, limit=3)", to: .sigma),
            "cannot translate the top 3 rows to sigma: a Sigma correlation reports every group that crosses its threshold")
    }

    func testSeveralSources() throws {
        XCTAssertEqual(
            try refusal(.esql, "FROM logs-* | STATS n = COUNT(*)", to: .duckdb),
            "cannot translate FROM logs-* to duckdb: it reads several input formats (app-requests, cloudtrail, falcon, ndjson, sns-delivery, twilio-events, twilio-messages, web-access)")
    }
}
