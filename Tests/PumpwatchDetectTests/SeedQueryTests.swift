import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchQuery
import XCTest

/// Runs both seed queries, verbatim, through the readers and the executor on hand-built fixtures
/// that cross every threshold of the seeds.
final class SeedQueryTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func write(_ name: String, _ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func run(_ language: QueryLanguage, _ text: String, now: String = "2026-11-23T00:00:00Z") throws -> [Row] {
        let plan = try language.plan(text)
        let runner = QueryRunner(plan: plan, dialect: language.dialect, nowMillis: Timestamp.parse(now)!)
        runner.showsProgress = false
        var malformed: [MalformedRecord] = []
        let result = try runner.run(paths: [dir.path], onMalformed: { malformed.append($0) })
        XCTAssertEqual(malformed, [])
        return result.rows
    }

    // MARK: LogScale seed

    let t0 = 1_795_341_600.0

    func dns(_ host: String, _ domain: String, _ n: Int, files: [String], processes: [Int] = [4242]) -> [String] {
        (0..<n).map { i in
            let t = t0 + Double(i) * 0.25
            return #"{"event_simpleName":"DnsRequest","aid":"aid-\#(host)","cid":"c0ffee","ComputerName":"\#(host)","DomainName":"\#(domain)","RequestType":"1","ContextProcessId":"\#(processes[i % processes.count])","ContextTimeStamp":"\#(String(format: "%.3f", t))","FileName":"\#(files[i % files.count])","timestamp":"\#(Int64(t * 1000))"}"#
        }
    }

    func connect(_ host: String, _ ip: String, _ n: Int, process: String, ports: [Int] = [443]) -> [String] {
        (0..<n).map { i in
            let t = t0 + Double(i) * 0.25
            return ##"{"#event_simpleName":"NetworkConnectIP4","aid":"aid-\##(host)","ComputerName":"\##(host)","RemoteAddressIP4":"\##(ip)","RemotePort":"\##(ports[i % ports.count])","LocalAddressIP4":"10.0.0.5","LocalPort":"\##(40000 + i % 1000)","Protocol":"6","ContextProcessId":"77","ContextTimeStamp":"\##(String(format: "%.3f", t))","TargetProcessName":"\##(process)","@timestamp":"\##(Int64(t * 1000))"}"##
        }
    }

    func testLogScaleSeedCrossesEveryThreshold() throws {
        var lines: [String] = []
        lines += dns("DNS-50", "api.twilio.com", 50, files: ["node"])
        lines += dns("DNS-51", "sns.amazonaws.com", 51, files: ["java"])
        lines += dns("DNS-500", "rest.nexmo.com", 500, files: ["php"])
        lines += dns("DNS-501", "API.TWILIO.COM", 501, files: ["python3.11", "node.exe", "python3.11"], processes: [1, 2, 3])
        lines += dns("DNS-1000", "api.plivo.com", 1000, files: ["ruby"])
        lines += dns("DNS-1001", "eu.api.sinch.com", 1001, files: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"])
        lines += dns("DESK", "www.google.com", 900, files: ["chrome.exe"])
        try write("falcon-dns.ndjson", lines)
        lines = []
        lines += connect("NET-200", "54.1.1.1", 200, process: "send.sh")
        lines += connect("NET-201", "54.1.1.2", 201, process: "send.sh", ports: [80, 443])
        lines += connect("NET-1001", "54.1.1.3", 1001, process: "worker.js", ports: [443, 8443, 80])
        lines += connect("NET-2001", "54.1.1.4", 2001, process: "App.EXE")
        lines += connect("NET-SSH", "54.1.1.5", 900, process: "run.py", ports: [22])
        lines += connect("NET-CHROME", "54.1.1.6", 900, process: "chrome")
        try write("falcon-net.ndjson", lines)

        let rows = try run(.cql, SeedQueries.logScale)
        let summary = rows.map { r in
            [r["ComputerName"], r["EventCount"], r["DetectionBranch"], r["RiskScore"]].map { ResultFormatter.text($0) }.joined(separator: " ")
        }
        XCTAssertEqual(summary, [
            "NET-2001 2001 NetworkConnect-HighVolumeHTTPS Critical",
            "DNS-1001 1001 DNSLookup-SMSProvider Critical",
            "NET-1001 1001 NetworkConnect-HighVolumeHTTPS High",
            "DNS-1000 1000 DNSLookup-SMSProvider High",
            "DNS-501 501 DNSLookup-SMSProvider High",
            "DNS-500 500 DNSLookup-SMSProvider Medium",
            "NET-201 201 NetworkConnect-HighVolumeHTTPS Medium",
            "DNS-51 51 DNSLookup-SMSProvider Medium",
        ])
        let dns501 = try XCTUnwrap(rows.first { $0["ComputerName"] == .string("DNS-501") })
        XCTAssertEqual(dns501.orderedNames, ["aid", "ComputerName", "DomainName", "EventCount", "UniqueProcesses", "FileName", "FirstSeen", "LastSeen", "DetectionBranch", "RiskScore"])
        XCTAssertEqual(dns501["UniqueProcesses"], .int(3))
        XCTAssertEqual(dns501["FileName"], .string("python3.11\nnode.exe"))
        XCTAssertEqual(dns501["DomainName"], .string("API.TWILIO.COM"))
        XCTAssertEqual(dns501["FirstSeen"]?.doubleValue, t0)
        XCTAssertEqual(dns501["LastSeen"]?.doubleValue, t0 + 500 * 0.25)
        let dns1001 = try XCTUnwrap(rows.first { $0["ComputerName"] == .string("DNS-1001") })
        XCTAssertEqual(dns1001["FileName"]?.stringValue?.split(separator: "\n").count, 10, "collect keeps at most limit=10 values")
        let net1001 = try XCTUnwrap(rows.first { $0["ComputerName"] == .string("NET-1001") })
        XCTAssertEqual(net1001.orderedNames, ["aid", "ComputerName", "RemoteAddressIP4", "TargetProcessName", "EventCount", "UniquePorts", "FirstSeen", "LastSeen", "DetectionBranch", "RiskScore"])
        XCTAssertEqual(net1001["UniquePorts"], .int(3))
    }

    // MARK: ES|QL seed

    func publish(_ time: Int64, arn: String, ip: String, phone: String?, error: String? = nil, ua: String = "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1") -> String {
        let params = phone.map { #"{"phoneNumber":"\#($0)","message":"HIDDEN_DUE_TO_SECURITY_REASONS"}"# } ?? #"{"topicArn":"arn:aws:sns:us-east-1:111122223333:orders"}"#
        let account = arn.split(separator: ":")[3]
        let outcome = error.map { #","errorCode":"\#($0)","errorMessage":"Rate exceeded""# } ?? #","responseElements":{"messageId":"0f0e\#(time)"}"#
        return #"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"\#(arn)","accountId":"\#(account)","accessKeyId":"AKIAEXAMPLE","userName":"x"},"eventTime":"\#(Timestamp.iso8601(millis: time * 1000).replacingOccurrences(of: ".000Z", with: "Z"))","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"\#(ip)","userAgent":"\#(ua)","requestParameters":\#(params),"requestID":"r\#(time)","eventID":"e\#(time)\#(ip)","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"\#(account)","eventCategory":"Data"\#(outcome)}"#
    }

    func testESQLSeedFiresAboveThirtyPerTenSeconds() throws {
        let w1: Int64 = 1_795_341_600  // 2026-11-22T10:00:00Z
        var lines: [String] = []
        // 31 in one window: fires. 30 in one window: does not.
        lines += (0..<31).map { publish(w1 + Int64($0 % 10), arn: "arn:aws:iam::111122223333:user/pump", ip: "203.0.113.9", phone: "+1555000\(1000 + $0)") }
        lines += (0..<30).map { publish(w1 + 60 + Int64($0 % 10), arn: "arn:aws:iam::111122223333:user/edge", ip: "203.0.113.10", phone: "+15550002000") }
        // 45 from another caller and agent in the first window: its own group.
        lines += (0..<45).map { publish(w1 + Int64($0 % 10), arn: "arn:aws:iam::444455556666:user/app", ip: "198.51.100.7", phone: "+447700900\(100 + $0)", ua: "Boto3/1.35.0 md/Botocore#1.35.0") }
        // 40 split 20/20 across a window boundary, 35 throttled, 35 topic publishes, 35 older than 7 days: none fire.
        lines += (0..<40).map { publish(w1 + 125 + Int64($0 / 4), arn: "arn:aws:iam::111122223333:user/split", ip: "203.0.113.11", phone: "+15550003000") }
        lines += (0..<35).map { publish(w1 + 200 + Int64($0 % 5), arn: "arn:aws:iam::111122223333:user/throttled", ip: "203.0.113.12", phone: "+23276000000", error: "ThrottlingException") }
        lines += (0..<35).map { publish(w1 + 300 + Int64($0 % 5), arn: "arn:aws:iam::111122223333:user/topic", ip: "203.0.113.13", phone: nil) }
        lines += (0..<35).map { publish(w1 - 8 * 86_400 + Int64($0 % 5), arn: "arn:aws:iam::111122223333:user/old", ip: "203.0.113.14", phone: "+15550004000") }
        try write("cloudtrail.ndjson", Array(lines.prefix(100)))
        try (#"{"Records":["# + lines.dropFirst(100).joined(separator: ",") + "]}").write(to: dir.appendingPathComponent("111122223333_CloudTrail_us-east-1_20261122T1000Z_abc.json"), atomically: true, encoding: .utf8)

        let rows = try run(.esql, SeedQueries.snsDirectToPhone)
        XCTAssertEqual(rows.map { ResultFormatter.render([$0], as: .ndjson) }.sorted(), [
            #"{"sms_message_count":31,"target_time_window":"2026-11-22T10:00:00.000Z","cloud.account.id":"111122223333","aws.cloudtrail.user_identity.arn":"arn:aws:iam::111122223333:user/pump","cloud.region":"us-east-1","source.address":"203.0.113.9","user_agent_name":"aws-cli/2.18.17"}"# + "\n",
            #"{"sms_message_count":45,"target_time_window":"2026-11-22T10:00:00.000Z","cloud.account.id":"444455556666","aws.cloudtrail.user_identity.arn":"arn:aws:iam::444455556666:user/app","cloud.region":"us-east-1","source.address":"198.51.100.7","user_agent_name":"Boto3/1.35.0"}"# + "\n",
        ])
        // Seven days before --now, the old burst falls out of the window.
        XCTAssertEqual(try run(.esql, SeedQueries.snsDirectToPhone, now: "2026-11-30T09:00:00Z").count, 0)
    }
}
