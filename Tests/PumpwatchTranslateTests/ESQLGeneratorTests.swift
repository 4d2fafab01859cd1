import PumpwatchDetect
import PumpwatchESQL
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// ES|QL output: ES|QL plans come back as they were; LogScale plans gain anchored Lucene regexes,
/// missing-field rules and a one-pass union.
final class ESQLGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.esql)
    }

    func testEmittedESQLPlans() throws {
        for q in GoldenQueries.all {
            let text = try translate(q.language, q.text, to: .esql)
            XCTAssertNoThrow(try ESQLFrontEnd.parse(text), "\(q.name):\n\(text)")
        }
    }

    func testCQLRegexIsAnchoredAndLowerCased() throws {
        XCTAssertEqual(
            try translate(.cql, "#event_simpleName=DnsRequest | DomainName=/twilio\\.com$/i | count()", to: .esql),
            """
            FROM logs-crowdstrike.fdr-*
            | WHERE event_simpleName == "DnsRequest"
            | WHERE TO_LOWER(DomainName) RLIKE \"\"\".*twilio\\.com\"\"\"
            | STATS _count = COUNT(*)

            """)
    }

    func testCQLNotEqualMatchesMissingFields() throws {
        let text = try translate(.cql, #"#event_simpleName=DnsRequest DomainName != "x" | count()"#, to: .esql)
        XCTAssertTrue(text.contains(#"(DomainName IS NULL OR NOT (DomainName == "x"))"#), text)
    }

    func testCQLTextComparedAsNumber() throws {
        let text = try translate(.cql, "#event_simpleName=NetworkConnectIP4 | RemotePort > 1024 | count()", to: .esql)
        XCTAssertTrue(text.contains("| WHERE TO_DOUBLE(RemotePort) > 1024\n"), text)
    }
}
