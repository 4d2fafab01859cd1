import PumpwatchDetect
import PumpwatchQuery
import XCTest

/// Hunting queries in the shapes public rule collections use (written for these tests) must
/// plan down to their source, and run without warnings.
final class QueryShapesTests: XCTestCase {
    let esql = [
        #"FROM logs-aws.cloudtrail-* METADATA _id, _version, _index | WHERE event.dataset == "aws.cloudtrail" AND event.action IN ("ForgotPassword", "SignUp") AND event.outcome == "failure" | STATS attempts = COUNT(*), ips = COUNT_DISTINCT(source.ip), errors = VALUES(aws.cloudtrail.error_code) BY cloud.account.id | WHERE attempts >= 20 | SORT attempts DESC | KEEP cloud.account.id, attempts, ips, errors"#,
        #"from logs-aws.cloudtrail-*, logs-aws.sns_delivery-* | where @timestamp > now() - 1 day | eval hour = date_trunc(1 hour, @timestamp), caller = coalesce(aws.cloudtrail.user_identity.arn, "unknown") | stats n = count(*) by hour, caller | where n > 100"#,
        #"FROM logs-* | WHERE user_agent.original RLIKE ".*(python|curl|Go-http-client).*" AND NOT CIDR_MATCH(source.ip, "10.0.0.0/8", "192.168.0.0/16") | EVAL ua = TO_LOWER(user_agent.original) | STATS c = COUNT(*) BY ua | SORT c DESC | LIMIT 10"#,
        "FROM logs-aws.cloudtrail-*\n// direct-to-phone publishes by key\n| WHERE event.provider == \"sns.amazonaws.com\" and aws.cloudtrail.user_identity.access_key_id IS NOT NULL\n| STATS first = MIN(@timestamp), last = MAX(@timestamp), n = COUNT(*) BY aws.cloudtrail.user_identity.access_key_id\n| EVAL minutes = DATE_DIFF(\"minute\", first, last)\n| WHERE n > 50 AND minutes < 10",
        #"FROM logs-nginx.access-* | DISSECT event.original "%{source.ip} - %{user.name} [%{ts}] \"%{http.request.method} %{url.original} HTTP/%{http.version}\" %{status} %{bytes}" | WHERE url.original LIKE "/api/*otp*" | STATS requests = COUNT(*), limited = COUNT(CASE(status == "429", 1, null)) BY source.ip | EVAL share = limited * 100 / requests"#,
        #"FROM logs-* | GROK message "%{IP:client.ip} %{WORD:verb} %{URIPATH:path}" | WHERE path IS NOT NULL | STATS BY client.ip, verb | LIMIT 100"#,
        #"FROM logs-twilio.messages-* | MV_EXPAND sms.to | WHERE STARTS_WITH(sms.to, "+232") OR ENDS_WITH(sms.to, "00") | EVAL block = SUBSTRING(sms.to, 1, 9), price = TO_DOUBLE(sms.price)::double | STATS total = SUM(price), n = COUNT(*) BY block | SORT total DESC NULLS LAST"#,
        #"FROM logs-aws.cloudtrail-* | RENAME source.address AS src | DROP aws.cloudtrail.flattened.* | KEEP @timestamp, src, event.* | LIMIT 5"#,
    ]

    let cql = [
        #"#event_simpleName=ProcessRollup2 event_platform=Win | ImageFileName=/\\(python|node)\.exe$/i | CommandLine=*twilio* | table([@timestamp, ComputerName, CommandLine], limit=100)"#,
        "#event_simpleName=DnsRequest\n| DomainName=/\\.(twilio|nexmo|plivo)\\.com$/i\n| bucket(span=1h, field=ComputerName, function=count(as=lookups))\n| lookups > 100",
        #"#event_simpleName=NetworkConnectIP4 RemotePort!=443 | !in(field=RemoteAddressIP4, values=["10.*", "192.168.*"]) | groupBy([ComputerName], function=[count(as=n), dc(RemoteAddressIP4, as=peers), collect([RemotePort])]) | test(n > 10) | sort(peers, order=desc, limit=20)"#,
        #"#event_simpleName=DnsRequest | case { DomainName=/twilio/i | provider := "twilio" ; DomainName=/amazonaws/i | provider := "aws" ; * | provider := "other" } | groupBy([provider])"#,
        #"event_simpleName=/^(DnsRequest|NetworkConnectIP4)$/ | default(field=FileName, value="unknown") | FileName := lower(FileName) | format("%s on %s", field=[FileName, ComputerName], as=what) | groupBy(what, limit=max) | rename(field=_count, as=events)"#,
        #"#event_simpleName=DnsRequest | regex("^(?<sub>[^.]+)\.(?<zone>.+)$", field=DomainName) | timeChart(span=15m, function=dc(sub))"#,
        #"/* bursts per process */ #event_simpleName=NetworkConnectIP4 | TargetProcessName=* | selectLast([ComputerName, TargetProcessName]) "#,
        #"#event_simpleName=DnsRequest | in(field=DomainName, values=["api.twilio.com", "rest.nexmo.com"], ignoreCase=true) | eval(hour=formatTime("%H", field=@timestamp)) | groupBy([hour, ComputerName]) | head(50)"#,
    ]

    func testESQLShapesPlanAndRun() throws {
        for q in esql {
            XCTAssertNoThrow(try QueryLanguage.esql.plan(q), q)
            if let plan = try? QueryLanguage.esql.plan(q) {
                XCTAssertTrue(PlanPrinter.print(plan).split(separator: "\n").last?.contains("Source [esql]") ?? false, q)
                XCTAssertEqual(QueryRunner(plan: plan, dialect: .esql, nowMillis: 0).run(events: []).warnings, [], q)
            }
        }
    }

    func testCQLShapesPlanAndRun() throws {
        for q in cql {
            XCTAssertNoThrow(try QueryLanguage.cql.plan(q), q)
            if let plan = try? QueryLanguage.cql.plan(q) {
                XCTAssertTrue(PlanPrinter.print(plan).split(separator: "\n").last?.contains("Source [cql]") ?? false, q)
                XCTAssertEqual(QueryRunner(plan: plan, dialect: .cql, nowMillis: 0).run(events: []).warnings, [], q)
            }
        }
    }
}
