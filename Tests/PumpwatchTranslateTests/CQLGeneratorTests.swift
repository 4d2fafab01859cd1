import PumpwatchCQL
import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// LogScale output: real CQL only (no `union`, `in [...]`, positional `if` or `where`), which
/// pumpwatch's own CQL front end plans and its linter passes.
final class CQLGeneratorTests: XCTestCase {
    func testGoldens() throws {
        try assertGoldens(.cql)
    }

    func testSeedBecomesOneTaggedPass() throws {
        let text = try translate(.cql, SeedQueries.logScale, to: .cql)
        XCTAssertFalse(text.contains("union"))
        XCTAssertTrue(text.contains("case {\n  #event_simpleName = \"DnsRequest\""))
        XCTAssertTrue(text.contains("in(field=RemotePort, values=[\"443\", \"80\", \"8443\"])"))
        XCTAssertTrue(text.contains("if(EventCount > 1000, then=\"Critical\", else=if(EventCount > 500, then=\"High\", else=\"Medium\"))"))
        XCTAssertTrue(text.contains("| EventCount > 50\n"))
    }

    func testEmittedCQLPlansAndLintsClean() throws {
        for q in GoldenQueries.all where q.language == .cql {
            let text = try translate(q.language, q.text, to: .cql)
            XCTAssertNoThrow(try CQLFrontEnd.plan(text), "\(q.name):\n\(text)")
            XCTAssertEqual(try CQLFrontEnd.lint(text).map(\.message), [], q.name)
        }
    }

    func testSeedTranslationPlansToTheSameBranchesAndAggregates() throws {
        let text = try translate(.cql, SeedQueries.logScale, to: .cql)
        let plan = PlanPrinter.print(try CQLFrontEnd.plan(text))
        XCTAssertTrue(plan.contains("Aggregate EventCount = count(*), UniqueProcesses = count_distinct(ContextProcessId), FileName = values(FileName) limit=10 separator=\"\\n\""), plan)
        XCTAssertTrue(plan.contains("BY _branch, aid, ComputerName, DomainName, RemoteAddressIP4, TargetProcessName"), plan)
        XCTAssertTrue(plan.hasPrefix("Sort EventCount DESC type=number limit=200"), plan)
    }

    func testWhereAndInBecomeRealCQL() throws {
        XCTAssertEqual(
            try translate(.cql, "#event_simpleName=NetworkConnectIP4 | RemotePort in [80, 443] | groupBy(aid, function=count(as=n)) | where n > 3", to: .cql),
            """
            #event_simpleName = "NetworkConnectIP4"
            | in(field=RemotePort, values=["80", "443"])
            | groupBy(aid, function=count(as=n))
            | n > 3

            """)
    }

    func testMixedAndOrIsParenthesized() throws {
        // CQL's `or` binds tighter than `and`: the plan has resolved it; the output says it plainly.
        let text = try translate(.cql, "#event_simpleName=DnsRequest ComputerName=A or ComputerName=B | count()", to: .cql)
        XCTAssertEqual(text, "#event_simpleName = \"DnsRequest\"\n| in(field=ComputerName, values=[\"A\", \"B\"])\n| count()\n")
        let mixed = try translate(.cql, #"#event_simpleName=DnsRequest | test(FileName == "a" or (aid == "x" and FileName == "b")) | count()"#, to: .cql)
        XCTAssertEqual(mixed, "#event_simpleName = \"DnsRequest\"\n| FileName = \"a\" or (aid = \"x\" and FileName = \"b\")\n| count()\n")
        XCTAssertEqual(try CQLFrontEnd.lint(mixed).count, 0)
    }

    func testESQLNotEqualKeepsMissingFieldsOut() throws {
        let text = try translate(.esql, #"FROM logs-aws.cloudtrail-* | WHERE event.action != "Publish" | STATS n = COUNT(*)"#, to: .cql)
        XCTAssertTrue(text.contains("| event.action = *\n| event.action != \"Publish\"\n"), text)
    }

    func testESQLSeedReadsTheCloudTrailParserFields() throws {
        let text = try translate(.esql, SeedQueries.snsDirectToPhone, to: .cql)
        XCTAssertTrue(text.contains("#Vendor = \"aws\" #event.module = \"cloudtrail\"\n| writeJson([\"Vendor.requestParameters\"], as=request_parameters)"), text)
        XCTAssertTrue(text.contains("| request_parameters = \"*phoneNumber*\"\n"), text)
        XCTAssertTrue(text.contains("regex(\"(?s)^(?<user_agent_name>.*?) (?:.*)$\", field=Vendor.userAgent, strict=false)"), text)
    }
}
