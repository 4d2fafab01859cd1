import PumpwatchCQL
import PumpwatchCore
import PumpwatchESQL
import PumpwatchSources
import XCTest

@testable import PumpwatchQuery

/// `QueryExecutor.copy()` mid-stream: the copy finishes with what an executor fed only the events
/// so far gives, and the original, fed the rest, finishes with what an executor fed everything
/// gives, for real CQL and ES|QL queries over SNS delivery logs, CloudTrail and Falcon events.
final class ExecutorCopyTests: XCTestCase {
    private static let t0 = Timestamp.parse("2026-11-22T10:00:00Z")!
    private static let now = t0 + 86_400_000

    // MARK: - Records in their real formats

    private static func events(_ format: SourceFormat, _ records: [String], file: String) -> [Event] {
        records.enumerated().flatMap { i, text -> [Event] in
            let origin = Origin(file: file, line: i + 1)
            do {
                return try Normalizer.events(format: format, record: try JSONParser.parse(text), origin: origin)
            } catch {
                XCTFail("\(origin): \(error)")
                return []
            }
        }
    }

    /// SNS SMS delivery status records: five destination countries, varied prices, some failures.
    private static func snsDeliveries(_ count: Int) -> [Event] {
        let routes: [(prefix: String, mcc: Int, mnc: Int, price: Double)] = [
            ("+1555010", 310, 260, 0.00645), ("+4477009", 234, 15, 0.0398), ("+8823512", 901, 12, 0.3120),
            ("+3725912", 248, 1, 0.0712), ("+1555010", 310, 410, 0.00581),
        ]
        let records = (0..<count).map { i -> String in
            let r = routes[(i * 7 + i / 5) % routes.count]
            let t = t0 + Int64(i) * 7_000 + Int64(i % 3) * 123
            let stamp = Timestamp.iso8601(millis: t).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            let number = r.prefix + String(format: "%04d", (i * 37) % 23)
            let status = i % 7 == 3 ? "FAILURE" : "SUCCESS"
            let response = status == "SUCCESS" ? "Message has been accepted by phone carrier" : "Unknown error attempting to reach phone"
            return """
                {"notification":{"messageId":"5c3d0e4a-1b2c-5d6e-8f90-\(String(format: "%012d", i))","timestamp":"\(stamp)"},\
                "delivery":{"mnc":\(r.mnc),"numberOfMessageParts":1,"destination":"\(number)","priceInUSD":\(r.price * Double(1 + i % 4)),\
                "smsType":"Transactional","mcc":\(r.mcc),"providerResponse":"\(response)","dwellTimeMs":\(300 + i % 200),\
                "dwellTimeMsUntilDeviceAck":\(1500 + i % 900)},"status":"\(status)"}
                """
        }
        return events(.snsDelivery, records, file: "sns/us-east-1/111122223333/DirectPublishToPhoneNumber.json")
    }

    /// CloudTrail `Publish` calls straight to phone numbers from a few callers, one per 9 seconds.
    private static func publishes(_ count: Int) -> [Event] {
        let callers = [("arn:aws:iam::111122223333:user/pump", "203.0.113.9"), ("arn:aws:iam::111122223333:role/notifier", "10.0.4.17"),
                       ("arn:aws:iam::111122223333:user/ci-deploy", "198.51.100.23")]
        let records = (0..<count).map { i -> String in
            let (arn, ip) = callers[i % 3 == 0 ? 0 : (i % 5 == 0 ? 2 : 1)]
            let t = t0 + Int64(i) * 9_000
            return """
                {"Records":[{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE\(i % 3)","arn":"\(arn)",\
                "accountId":"111122223333","accessKeyId":"AKIAEXAMPLE\(i % 3)"},"eventTime":"\(Timestamp.iso8601(millis: t))",\
                "eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"\(ip)",\
                "userAgent":"aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1","requestParameters":{"phoneNumber":"+1555000\(String(format: "%04d", i))",\
                "message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"0f0e0000-0000-4000-8000-\(String(format: "%012d", i))"},\
                "requestID":"req-\(i)","eventID":"evt-\(i)","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,\
                "recipientAccountId":"111122223333","eventCategory":"Data"}]}
                """
        }
        return events(.cloudtrail, records, file: "cloudtrail/111122223333_CloudTrail_us-east-1.json")
    }

    /// Falcon `DnsRequest` and `NetworkConnectIP4` events: two hosts pumping SMS APIs past the
    /// published thresholds, a quiet host, and a host whose name is not ASCII.
    private static func falcon() -> [Event] {
        var records: [String] = []
        func dns(_ i: Int, aid: String, host: String, domain: String, file: String) {
            let t = t0 + Int64(i) * 1_000
            records.append("""
                {"event_simpleName":"DnsRequest","aid":"\(aid)","ComputerName":"\(host)","DomainName":"\(domain)",\
                "ContextProcessId":"\(4_100 + i % 9)","FileName":"\(file)","ContextTimeStamp":"\(t / 1000).\(String(format: "%03d", i % 1000))",\
                "timestamp":"\(t)","RequestType":"1","cid":"c0ffee00c0ffee00c0ffee00c0ffee00"}
                """)
        }
        func connect(_ i: Int, aid: String, host: String, process: String, port: Int) {
            let t = t0 + Int64(i) * 1_000 + 500
            records.append("""
                {"event_simpleName":"NetworkConnectIP4","aid":"\(aid)","ComputerName":"\(host)","RemoteAddressIP4":"54.172.60.\(i % 2)",\
                "RemotePort":"\(port)","LocalPort":"\(49_152 + i)","Protocol":"6","TargetProcessName":"\(process)",\
                "ContextProcessId":"\(8_800 + i % 4)","ContextTimeStamp":"\(t / 1000).500","timestamp":"\(t)"}
                """)
        }
        for i in 0..<260 {
            if i % 4 != 3 { dns(i, aid: "a1f0e2d3c4b5a6978877665544332211", host: "WEB-01", domain: "api.twilio.com", file: i % 5 == 0 ? "node.exe" : "python.exe") }
            if i % 9 == 0 { dns(i, aid: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", host: "BUILD-02", domain: "sns.us-east-1.amazonaws.com", file: "java.exe") }
            if i % 13 == 0 { dns(i, aid: "99887766554433221100ffeeddccbbaa", host: "Büro-PC-07", domain: "rest.nexmo.com", file: "outlook.exe") }
            connect(i, aid: "a1f0e2d3c4b5a6978877665544332211", host: "WEB-01", process: "pump.py", port: i % 6 == 0 ? 8443 : 443)
            if i % 2 == 0 { connect(i, aid: "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e", host: "APP-03", process: "sender.js", port: 443) }
        }
        return events(.falcon, records, file: "falcon/fdr-2026-11-22.ndjson")
    }

    // MARK: - Running

    private func esql(_ query: String, file: StaticString = #filePath, line: UInt = #line) throws -> LogicalPlan {
        do throws(QueryError) {
            return try ESQLFrontEnd.plan(query)
        } catch {
            XCTFail("does not plan: \(error)", file: file, line: line)
            throw error
        }
    }

    private func cql(_ query: String, file: StaticString = #filePath, line: UInt = #line) throws -> LogicalPlan {
        do throws(QueryError) {
            return try CQLFrontEnd.plan(query)
        } catch {
            XCTFail("does not plan: \(error)", file: file, line: line)
            throw error
        }
    }

    private func executor(_ plan: LogicalPlan, _ dialect: Dialect) -> QueryExecutor {
        QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: Self.now))
    }

    /// The result lines of a fresh executor fed `events`.
    private func fresh(_ plan: LogicalPlan, _ dialect: Dialect, _ events: ArraySlice<Event>) -> [String] {
        let ex = executor(plan, dialect)
        for e in events { ex.push(e) }
        return lines(ex.finish())
    }

    /// Copies an executor after each cut of `events`; every copy (finished at once, or after the
    /// original went on) gives the rows of the events before the cut, and the original those of all.
    private func assertCopiesAreIndependent(
        _ plan: LogicalPlan, _ dialect: Dialect, _ events: [Event], cuts: [Int]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        let all = fresh(plan, dialect, events[...])
        XCTAssertFalse(all.isEmpty, "the query gives rows over all the events", file: file, line: line)
        for cut in cuts ?? [events.count / 4, events.count / 2, events.count * 3 / 4] {
            let before = fresh(plan, dialect, events[..<cut])
            XCTAssertNotEqual(before, all, "the cut at \(cut) changes the result", file: file, line: line)
            let original = executor(plan, dialect)
            for e in events[..<cut] { original.push(e) }
            let finishedAtOnce = original.copy()
            XCTAssertEqual(lines(finishedAtOnce.finish()), before, "copy at \(cut), finished at once", file: file, line: line)
            let finishedLater = original.copy()
            for e in events[cut...] { original.push(e) }
            XCTAssertEqual(lines(finishedLater.finish()), before, "copy at \(cut), finished after the original went on", file: file, line: line)
            XCTAssertEqual(lines(original.finish()), all, "original copied at \(cut)", file: file, line: line)
        }
    }

    // MARK: - Aggregates

    func testStatsWithEveryAggregateThenEvalWhereSort() throws {
        let plan = try esql("""
            FROM logs-aws.sns_delivery-*
            | STATS texts = COUNT(*), numbers = COUNT_DISTINCT(sms.to), spend = SUM(sms.price), mean = AVG(sms.price),
                cheapest = MIN(sms.price), dearest = MAX(sms.price), first_seen = MIN(@timestamp), last_seen = MAX(@timestamp),
                statuses = VALUES(sms.status), networks = VALUES(sms.mnc), failures = COUNT(sms.error_code) BY sms.mcc
            | EVAL spend_cents = ROUND(spend * 100, 1), per_number = ROUND(texts / numbers, 2)
            | WHERE texts > 3
            | SORT spend DESC, sms.mcc
            """)
        assertCopiesAreIndependent(plan, .esql, Self.snsDeliveries(90))
    }

    func testStatsWithoutGroupsCountsTheWholeStream() throws {
        let plan = try esql("""
            FROM logs-aws.sns_delivery-*
            | WHERE sms.status == "failure"
            | STATS failed = COUNT(*), numbers = COUNT_DISTINCT(sms.to), lost_usd = SUM(sms.price), countries = VALUES(sms.mcc)
            """)
        let events = Self.snsDeliveries(60)
        assertCopiesAreIndependent(plan, .esql, events)
        // Before any failure the copy still gives the one row of an empty STATS.
        assertCopiesAreIndependent(plan, .esql, events, cuts: [2])
    }

    func testCQLGroupByWithCollectDistinctCountAndSelectLast() throws {
        let plan = try cql("""
            #event_simpleName = "DnsRequest"
            | groupBy([ComputerName, DomainName], function=[count(as=lookups), dc(ContextProcessId, as=processes),
                collect([FileName], limit=5), min(ContextTimeStamp, as=FirstSeen), max(ContextTimeStamp, as=LastSeen),
                avg(ContextProcessId, as=meanPid), sum(RequestType, as=requests), selectLast(ContextProcessId)])
            """)
        // The cuts fall before and after the first event keyed by a name outside ASCII, which
        // changes how the group table hashes its keys.
        assertCopiesAreIndependent(plan, .cql, Self.falcon(), cuts: [0, 1, 200, 500])
    }

    func testGroupLimitWarningCarriesOverToTheCopy() throws {
        let plan = try cql(#"#event_simpleName = "DnsRequest" | groupBy([ComputerName], limit=2)"#)
        let events = Self.falcon()
        let original = executor(plan, .cql)
        for e in events.prefix(30) { original.push(e) }
        XCTAssertTrue(original.diagnostics.partial, "three hosts pass a limit of two groups")
        let copy = original.copy()
        XCTAssertTrue(copy.diagnostics.partial)
        XCTAssertEqual(copy.diagnostics.warnings, original.diagnostics.warnings)
        XCTAssertEqual(lines(copy.finish()), fresh(plan, .cql, events.prefix(30)))

        let quiet = executor(plan, .cql)
        quiet.push(events[0])
        let quietCopy = quiet.copy()
        for e in events.prefix(30) { quiet.push(e) }
        XCTAssertTrue(quiet.diagnostics.partial)
        XCTAssertFalse(quietCopy.diagnostics.partial, "the original's later warning does not reach the copy")
        XCTAssertEqual(quietCopy.diagnostics.warnings, [])
    }

    // MARK: - Sort, limits, union

    func testSortWithLimitKeepsTopRowsAcrossCompaction() throws {
        // More than 1024 rows, so the top-N buffer compacts before and after the cuts.
        let plan = try esql("""
            FROM logs-aws.sns_delivery-*
            | SORT sms.price DESC, @timestamp DESC
            | LIMIT 5
            | KEEP @timestamp, sms.to, sms.price, sms.status
            """)
        assertCopiesAreIndependent(plan, .esql, Self.snsDeliveries(1_400), cuts: [700, 1_030, 1_300])
    }

    func testSortWithoutLimitOrdersEveryRow() throws {
        let plan = try cql(#"#event_simpleName = "NetworkConnectIP4" | sort([ComputerName, LocalPort], order=[asc, desc], limit=20000)"#)
        assertCopiesAreIndependent(plan, .cql, Self.falcon())
    }

    func testHeadLimitRowsAlreadyDeliveredStayInTheCopy() throws {
        let plan = try esql("""
            FROM logs-aws.sns_delivery-*
            | WHERE sms.status == "failure"
            | KEEP @timestamp, sms.to, sms.mcc
            | LIMIT 4
            """)
        let events = Self.snsDeliveries(80)
        // Cuts after some of the four rows have passed, and after all of them.
        assertCopiesAreIndependent(plan, .esql, events, cuts: [5, 12, 20])
        let original = executor(plan, .esql)
        for e in events { original.push(e) }
        XCTAssertTrue(original.isSaturated)
        XCTAssertTrue(original.copy().isSaturated, "a full head limit is full in the copy")
    }

    func testCQLHeadAndTail() throws {
        let head = try cql(#"#event_simpleName = "DnsRequest" | ComputerName = "BUILD-02" | head(3)"#)
        let events = Self.falcon()
        // Cut just after the first and the second of the three rows the head keeps.
        let matching = events.indices.filter { events[$0].fields["ComputerName"] == .string("BUILD-02") }
        assertCopiesAreIndependent(head, .cql, events, cuts: [matching[0] + 1, matching[1] + 1])
        let tail = try cql(#"#event_simpleName = "NetworkConnectIP4" | RemotePort = "8443" | tail(4)"#)
        assertCopiesAreIndependent(tail, .cql, Self.falcon())
    }

    func testPublishedLogScaleQueryWithUnionOfTwoGroupBys() throws {
        let plan = try cql(#"""
            // Branch 1: High-frequency DNS lookups to SMS provider API domains (primary signal)
            (#event_simpleName = "DnsRequest"
            | DomainName = /(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)/
            | groupBy(
            [aid, ComputerName, DomainName],
            function=[
            count(as=EventCount),
            dc(ContextProcessId, as=UniqueProcesses),
            collect(FileName, limit=10),
            min(ContextTimeStamp, as=FirstSeen),
            max(ContextTimeStamp, as=LastSeen)
            ]
            )
            | where EventCount > 50
            | eval DetectionBranch = "DNSLookup-SMSProvider"
            | eval RiskScore = if(EventCount > 1000, "Critical", if(EventCount > 500, "High", "Medium")))
            | union [
            // Branch 2: High-volume outbound TCP connections from application processes
            #event_simpleName = "NetworkConnectIP4"
            | RemotePort in [443, 80, 8443]
            | TargetProcessName = /(?i)\.(exe|py|rb|js|jar|sh|php)$/
            | groupBy(
            [aid, ComputerName, RemoteAddressIP4, TargetProcessName],
            function=[
            count(as=EventCount),
            dc(RemotePort, as=UniquePorts),
            min(ContextTimeStamp, as=FirstSeen),
            max(ContextTimeStamp, as=LastSeen)
            ]
            )
            | where EventCount > 200
            | eval DetectionBranch = "NetworkConnect-HighVolumeHTTPS"
            | eval RiskScore = if(EventCount > 2000, "Critical", if(EventCount > 1000, "High", "Medium"))
            ]
            | sort(EventCount, order=desc)
            """#)
        XCTAssertTrue(PlanPrinter.print(plan).contains("Union"), PlanPrinter.print(plan))
        assertCopiesAreIndependent(plan, .cql, Self.falcon())
    }

    func testCaseBranchesUnionWithMvExpandAndDissect() throws {
        let plan = try esql("""
            FROM logs-aws.cloudtrail-*
            | WHERE event.action == "Publish"
            | DISSECT user_agent.original "%{agent} %{?rest}"
            | EVAL caller = SPLIT(aws.cloudtrail.user_identity.arn, "/")
            | MV_EXPAND caller
            | STATS calls = COUNT(*), addresses = VALUES(source.address) BY caller, agent
            | SORT calls DESC, caller
            """)
        assertCopiesAreIndependent(plan, .esql, Self.publishes(60))
        let branches = try cql("""
            #event_simpleName = /DnsRequest|NetworkConnectIP4/
            | case { #event_simpleName = "DnsRequest" | kind := "dns" | groupBy([ComputerName, kind]);
                     #event_simpleName = "NetworkConnectIP4" | kind := "tcp" | groupBy([ComputerName, kind], function=dc(RemotePort)) }
            """)
        assertCopiesAreIndependent(branches, .cql, Self.falcon())
    }

    // MARK: - Windows and sinks

    func testWindowsClosedByWatermarkStayDeliveredInTheCopy() throws {
        let plan = try esql("""
            FROM logs-aws.cloudtrail-*
            | WHERE event.provider == "sns.amazonaws.com" AND event.action == "Publish"
            | STATS publishes = COUNT(*), numbers = COUNT_DISTINCT(aws.cloudtrail.flattened.request_parameters.phoneNumber)
                BY window = DATE_TRUNC(1 minute, @timestamp), source.address
            """)
        let events = Self.publishes(120)
        // Feeds `events` with a watermark one minute behind every 20th event.
        func feed(_ ex: QueryExecutor, _ slice: ArraySlice<Event>) {
            for (i, e) in zip(slice.indices, slice) {
                ex.push(e)
                if i % 20 == 19, let t = e.timestampMillis { ex.advanceWatermark(to: t - 60_000) }
            }
        }
        let sink = CollectingSink()
        let watched = QueryExecutor(plan: plan, context: ExecutionContext(dialect: .esql, nowMillis: Self.now), sink: sink)
        feed(watched, events[..<60])
        XCTAssertFalse(sink.rows.isEmpty, "closed windows are delivered before the end")

        let reference = executor(plan, .esql)
        feed(reference, events[..<60])
        let before = lines(reference.finish())
        let copy = watched.copy()
        feed(watched, events[60...])
        XCTAssertEqual(lines(copy.finish()), before)

        let all = executor(plan, .esql)
        feed(all, events[...])
        let allRows = lines(all.finish())
        XCTAssertNotEqual(before, allRows)
        XCTAssertEqual(lines(watched.finish()), allRows)
    }

    func testCopyIntoAnotherSinkGetsOnlyTheRowsStillToCome() throws {
        let plan = try esql(#"FROM logs-aws.sns_delivery-* | WHERE sms.mcc == "901" | KEEP sms.to, sms.price | LIMIT 3"#)
        let events = Self.snsDeliveries(40)
        var delivered: [Row] = []
        let original = QueryExecutor(plan: plan, context: ExecutionContext(dialect: .esql, nowMillis: Self.now), sink: CallbackSink { delivered.append($0) })
        var pushed = 0
        while delivered.count < 1, pushed < events.count {
            original.push(events[pushed])
            pushed += 1
        }
        XCTAssertEqual(delivered.count, 1)
        let rest = CollectingSink()
        let copy = original.copy(sink: rest)
        for e in events[pushed...] { copy.push(e) }
        copy.finish()
        XCTAssertEqual(delivered.count, 1, "the copy delivers nothing to the original's sink")
        XCTAssertEqual(lines(delivered + rest.rows), fresh(plan, .esql, events[...]))
        XCTAssertEqual(rest.rows.count, 2, "the copy's limit counts the row the original already delivered")
    }

    func testCopyOfAFinishedExecutorGivesItsRows() throws {
        let plan = try esql("FROM logs-aws.sns_delivery-* | STATS texts = COUNT(*) BY sms.mcc | SORT sms.mcc")
        let events = Self.snsDeliveries(30)
        let ex = executor(plan, .esql)
        for e in events { ex.push(e) }
        let rows = lines(ex.finish())
        let copy = ex.copy()
        XCTAssertEqual(lines(copy.finish()), rows)
        XCTAssertEqual(lines(copy.finish()), rows, "finishing twice gives the same rows")
    }
}
