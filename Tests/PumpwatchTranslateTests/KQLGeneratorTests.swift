import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// KQL for Sentinel's AWSCloudTrail table: derived ECS fields with `extend`, case-sensitive
/// string operators, and `isnotempty()` where ES|QL's null rules differ from KQL's empty strings.
final class KQLGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.kql)
    }

    func testSeedReadsAWSCloudTrailColumns() throws {
        let text = try translate(.esql, SeedQueries.snsDirectToPhone, to: .kql)
        XCTAssertTrue(text.contains("| where TimeGenerated > now() - 7d\n| extend target_time_window = bin(TimeGenerated, 10s)\n"), text)
        XCTAssertTrue(text.contains("RequestParameters contains_cs \"phoneNumber\""), text)
        XCTAssertTrue(text.contains("by target_time_window, AccountId, UserIdentityArn, AWSRegion, SourceIpAddress, user_agent_name"), text)
    }

    func testGlobShapes() throws {
        let text = try translate(.esql, #"FROM logs-aws.cloudtrail-* | WHERE user_agent.original LIKE "*Boto3*" AND event.action LIKE "Get*" AND source.address LIKE "10.?.*" | KEEP event.action"#, to: .kql)
        XCTAssertTrue(text.contains(#"UserAgent contains_cs "Boto3" and EventName startswith_cs "Get" and SourceIpAddress matches regex @"^10\..\..*$""#), text)
    }

    func testUnionOfBranchesUsesLet() throws {
        let text = try translate(.cql, SeedQueries.logScale, to: .kql)
        XCTAssertTrue(text.contains("let branch1 = CrowdStrikeFDR_CL\n"), text)
        XCTAssertTrue(text.hasSuffix("union branch1, branch2\n| top 200 by EventCount desc nulls last\n"), text)
    }
}
