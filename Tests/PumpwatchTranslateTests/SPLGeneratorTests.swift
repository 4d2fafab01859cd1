import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// SPL for the aws:cloudtrail and CrowdStrike FDR source types.
final class SPLGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.spl)
    }

    func testSeedExtractsRequestParametersWithSpath() throws {
        let text = try translate(.esql, SeedQueries.snsDirectToPhone, to: .spl)
        XCTAssertTrue(text.contains("| spath output=request_parameters path=requestParameters\n"), text)
        XCTAssertTrue(text.contains(#"like(request_parameters, "%phoneNumber%")"#), text)
        XCTAssertTrue(text.contains(#"| rex field=userAgent "(?s)^(?<user_agent_name>.*?) (?:.*)$""#), text)
    }

    func testLikeWithPercentUsesMatch() throws {
        let text = try translate(.esql, #"FROM logs-aws.cloudtrail-* | WHERE user_agent.original LIKE "*100%*" | KEEP event.action"#, to: .spl)
        XCTAssertTrue(text.contains(#"match(userAgent, "^.*100%.*$")"#), text)
    }

    func testCQLGroupByDropsMissingKeysAsStatsDoes() throws {
        XCTAssertEqual(
            try translate(.cql, "#event_simpleName=DnsRequest | groupBy(ComputerName, function=dc(FileName))", to: .spl),
            """
            sourcetype="crowdstrike:events:sensor"
            | where event_simpleName == "DnsRequest"
            | stats dc(FileName) AS _dc BY ComputerName

            """)
    }
}
