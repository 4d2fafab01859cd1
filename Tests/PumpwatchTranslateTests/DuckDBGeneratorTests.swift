import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// DuckDB SQL over raw JSON records.
final class DuckDBGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.duckdb)
    }

    func testLikeEscapesPercentAndUnderscore() throws {
        let text = try translate(.esql, #"FROM logs-aws.cloudtrail-* | WHERE user_agent.original LIKE "a_b%*" | KEEP event.action"#, to: .duckdb)
        XCTAssertTrue(text.contains(#""user_agent.original" LIKE 'a\_b\%%' ESCAPE '\'"#), text)
    }

    func testRegexAnchoring() throws {
        let cql = try translate(.cql, "#event_simpleName=DnsRequest | DomainName=/twilio/ | count()", to: .duckdb)
        XCTAssertTrue(cql.contains(#"regexp_matches("DomainName", 'twilio')"#), cql)
        let esql = try translate(.esql, #"FROM logs-aws.cloudtrail-* | WHERE event.action RLIKE "Get.*" | KEEP event.action"#, to: .duckdb)
        XCTAssertTrue(esql.contains(#"regexp_full_match("event.action", '^(?:Get.*)$')"#), esql)
    }

    func testESQLIntegerDivisionTruncates() throws {
        let text = try translate(.esql, "FROM logs-aws.cloudtrail-* | STATS n = COUNT(*) | EVAL per = n / 7", to: .duckdb)
        XCTAssertTrue(text.contains(#"CAST(trunc("n" / 7) AS BIGINT) AS "per""#), text)
    }

    func testNowAndRelationFromTheMapping() throws {
        let overrides = FieldMapping(now: "TIMESTAMP '2026-11-23 00:00:00'", sources: ["cloudtrail": SourceMapping(from: "read_ndjson_objects('ct.ndjson')")])
        guard case .success(let text) = try translation(.esql, SeedQueries.snsDirectToPhone, to: .duckdb, overrides: overrides) else { return XCTFail() }
        XCTAssertTrue(text.contains("    FROM read_ndjson_objects('ct.ndjson')\n"), text)
        XCTAssertTrue(text.contains(#"WHERE "@timestamp" > TIMESTAMP '2026-11-23 00:00:00' - INTERVAL 7 DAY"#), text)
    }
}
