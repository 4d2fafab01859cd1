import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// The job's Python, run with python3 (without Spark: pyspark is replaced by stubs): rows become
/// the same findings as `RuleEvaluator` makes, and files split into the records pumpwatch reads.
final class SparkJobRuntimeTests: XCTestCase {
    func testRowsBecomeTheFindingsRuleEvaluatorMakes() throws {
        let pack = try RulePack.builtIn()
        let logscale = try XCTUnwrap(pack.rules.first { $0.id == "logscale-sms-pumping" })
        var plain = SparkJobGeneratorTests.snsRule
        plain.id = "sns-publish-burst-plain"
        plain.findingMapping = FindingMapping(entities: ["source.address", "cloud.region"], count: "n")
        let window = Timestamp.parse("2026-11-22T10:00:00Z")!
        let cases: [(Rule, [(String, Value)], String)] = [
            (SparkJobGeneratorTests.snsRule, [("n", .int(31)), ("minute", .date(window)), ("source.address", .string("203.0.113.9"))],
             #"{"n": 31, "minute": Date(1795341600000), "source.address": "203.0.113.9"}"#),
            (plain, [("n", .int(1)), ("source.address", .string("198.51.100.7"))],
             #"{"n": 1, "source.address": "198.51.100.7", "cloud.region": None}"#),
            (logscale, [
                ("aid", .string("facd9b4aa010cd0e97b859e75bbce999")), ("ComputerName", .string("NOTIFY-01")), ("DomainName", .string("api.twilio.com")),
                ("EventCount", .int(123)), ("UniqueProcesses", .int(1)), ("FileName", .string("node\npython3.11")),
                ("FirstSeen", .double(1794788598.507)), ("LastSeen", .double(1795390946.79)),
                ("DetectionBranch", .string("DNSLookup-SMSProvider")), ("RiskScore", .string("Medium")),
            ], #"{"aid": "facd9b4aa010cd0e97b859e75bbce999", "ComputerName": "NOTIFY-01", "DomainName": "api.twilio.com", "RemoteAddressIP4": None, "TargetProcessName": None, "EventCount": 123, "UniqueProcesses": 1, "UniquePorts": None, "FileName": "node\npython3.11", "FirstSeen": 1794788598.507, "LastSeen": 1795390946.79, "DetectionBranch": "DNSLookup-SMSProvider", "RiskScore": "Medium"}"#),
            (logscale, [
                ("aid", .string("5f1c0ffee0000000000000000000c003")), ("ComputerName", .string("WEB-03")), ("RemoteAddressIP4", .string("54.239.1.10")),
                ("TargetProcessName", .string("send_otp.py")), ("EventCount", .int(1201)), ("UniquePorts", .int(1)),
                ("FirstSeen", .double(1795341600.0)), ("LastSeen", .double(1795341840.0)),
                ("DetectionBranch", .string("NetworkConnect-HighVolumeHTTPS")), ("RiskScore", .string("High")),
            ], #"{"aid": "5f1c0ffee0000000000000000000c003", "ComputerName": "WEB-03", "DomainName": None, "RemoteAddressIP4": "54.239.1.10", "TargetProcessName": "send_otp.py", "EventCount": 1201, "UniqueProcesses": None, "UniquePorts": 1, "FileName": None, "FirstSeen": 1795341600.0, "LastSeen": 1795341840.0, "DetectionBranch": "NetworkConnect-HighVolumeHTTPS", "RiskScore": "High"}"#),
        ]
        let rules = [SparkJobGeneratorTests.snsRule, plain, logscale]
        let job = SparkJobGenerator(rules: rules).generate()
        XCTAssertEqual(job.ruleIDs, rules.map(\.id))
        var script = "rules = {r['id']: r for r in RULES}\n"
        for (rule, _, python) in cases {
            script += "print(json.dumps(query_finding(rules[\(PythonLiteral.string(rule.id))], \(python), ['data/x.json'])))\n"
        }
        let lines = try runPython(job, script).split(separator: "\n")
        XCTAssertEqual(lines.count, cases.count)
        for ((rule, row, _), line) in zip(cases, lines) {
            let expected = try XCTUnwrap(RuleEvaluator.findings(from: [Row(ordered: row)], rule: rule, files: ["data/x.json"]).first)
            let actual = try JSONParser.parse(String(line))
            XCTAssertEqual(actual, Self.json(expected), "\(rule.id)\nspark: \(line)\nlocal: \(JSONWriter.serialize(Self.json(expected)))")
        }
    }

    func testFilesSplitIntoRecords() throws {
        let cloudtrail = #"{"Records":[{"eventVersion":"1.09","eventTime":"2026-11-22T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"phoneNumber":"+23276000001"}},{"eventVersion":"1.09","eventTime":"2026-11-22T10:00:01Z","eventSource":"sns.amazonaws.com","eventName":"Publish"}]}"#
        let falcon = """
            {"event_simpleName":"DnsRequest","aid":"a1","ComputerName":"APP-01","DomainName":"api.twilio.com","ContextTimeStamp":"1795341600.000"}
            {"event_simpleName":"DnsRequest","aid":"a1","ComputerName":"APP-01","DomainName":
            {"event_simpleName":"DnsRequest","aid":"a1","ComputerName":"APP-01","DomainName":"api.twilio.com","ContextTimeStamp":"1795341601.000"}

            """
        let twilioPage = #"{"end":1,"first_page_uri":"/2010-04-01/Accounts/AC1/Messages.json?PageSize=50&Page=0","messages":[{"account_sid":"AC1","sid":"SM1","to":"+23276000001","from":"+14155550100","status":"sent"},{"account_sid":"AC1","sid":"SM2","to":"+23276000002","from":"+14155550100","status":"delivered"}],"next_page_uri":null,"page":0,"page_size":50}"#
        let snsDocument = #"{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"sns/us-east-1/123456789012/DirectPublishToPhoneNumber","logStream":"s1","logEvents":[{"id":"1","timestamp":1795341600000,"message":"{\"notification\":{\"messageId\":\"m1\",\"timestamp\":\"2026-11-22 10:00:00.000\"},\"delivery\":{\"destination\":\"+23276000001\",\"priceInUSD\":0.0958},\"status\":\"SUCCESS\"}"}]}"#
        let events = """
            [
            {"specversion":"1.0","type":"com.twilio.messaging.message.sent","id":"EZ1","time":"2026-11-22T10:00:00.000Z","data":{"messageSid":"SM1","to":"+23276000001"}},
            {"specversion":"1.0","type":"com.twilio.messaging.message.delivered","id":"EZ2","time":"2026-11-22T10:00:02.000Z","data":{"messageSid":"SM1","to":"+23276000001"}}
            ]
            """
        let accessLog = #"203.0.113.77 - - [22/Nov/2026:10:00:00 +0000] "POST /api/v1/send-otp HTTP/1.1" 200 17 "-" "python-requests/2.31.0""#
        let appInsights = #"{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"Url","type":"string"},{"name":"ResultCode","type":"string"}],"rows":[["2026-11-22T10:00:00Z","https://shop.example.com/api/v1/send-otp","200"]]}]}"#
        let inputs = [cloudtrail, falcon, twilioPage, snsDocument, events, accessLog, appInsights]
        var script = ""
        for text in inputs { script += "print(json.dumps(split_file(\(PythonLiteral.string(text)))))\n" }
        let out = try runPython(SparkJobGenerator(rules: []).generate(), script).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        XCTAssertEqual(out.count, inputs.count)
        func summary(_ v: JSONValue) -> [String] {
            (v.arrayElements ?? []).map { item in
                let parts = item.arrayElements ?? []
                let line = parts.first?.scalarText ?? "?"
                if let error = parts.last?.string { return "\(line): error \(error)" }
                let record = (try? JSONParser.parse(parts[1].string ?? "")) ?? .null
                let id = record["eventTime"] ?? record["ContextTimeStamp"] ?? record["sid"] ?? record["notification"]?["messageId"] ?? record["id"] ?? record["Url"]
                return "\(line): \(id?.scalarText ?? "?")"
            }
        }
        XCTAssertEqual(summary(out[0]), ["1: 2026-11-22T10:00:00Z", "1: 2026-11-22T10:00:01Z"])
        XCTAssertEqual(summary(out[1]), ["1: 1795341600.000", "2: error Expecting ',' delimiter", "3: 1795341601.000"])
        XCTAssertEqual(summary(out[2]), ["1: SM1", "1: SM2"])
        XCTAssertEqual(summary(out[3]), ["1: m1"])
        XCTAssertEqual(summary(out[4]), ["1: EZ1", "1: EZ2"])
        XCTAssertEqual(out[5], .array([.array([.int(1), .string(accessLog), .null])]), "text files give their lines")
        XCTAssertEqual(summary(out[6]), ["1: https://shop.example.com/api/v1/send-otp"])
    }

    // MARK: - Support

    /// A finding as the NDJSON format writes it.
    static func json(_ f: Finding) -> JSONValue {
        func value(_ v: Value) -> JSONValue {
            switch v {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            case .date(let ms): return .string(Timestamp.iso8601(millis: ms))
            case .array(let a): return .array(a.map(value))
            }
        }
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null }
        return .object([
            ("rule_id", .string(f.ruleID)), ("title", .string(f.title)), ("severity", .string(f.severity.rawValue)),
            ("risk_score", .int(Int64(f.riskScore))), ("attack", .array(f.attack.map { .string($0) })),
            ("first_seen", time(f.firstSeen)), ("last_seen", time(f.lastSeen)), ("count", .int(Int64(f.count))),
            ("entities", .object(f.entities.map { ($0.0, value($0.1)) })), ("evidence", .object(f.evidence.map { ($0.0, value($0.1)) })),
            ("fields", .object(f.fields.filter { !$0.1.isNull }.map { ($0.0, value($0.1)) })),
            ("sources", .array(f.sources.map { .string($0) })), ("summary", .string(f.summary)),
        ])
    }

    /// Runs `script` after the job's definitions, with pyspark replaced by stubs; its stdout.
    func runPython(_ job: SparkJob, _ script: String) throws -> String {
        let python = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-job-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let jobFile = directory.appendingPathComponent("job.py")
        try job.text.write(to: jobFile, atomically: true, encoding: .utf8)
        let driver = """
            import json, sys, types
            class Stub:
                def __getattr__(self, name):
                    return lambda *arguments, **options: None
            sql = types.ModuleType("pyspark.sql")
            sql.SparkSession, sql.functions, sql.types = None, Stub(), Stub()
            sys.modules["pyspark"] = types.ModuleType("pyspark")
            sys.modules["pyspark.sql"] = sql
            job = {"__name__": "pumpwatch_job"}
            exec(compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec"), job)
            globals().update({k: v for k, v in job.items() if not k.startswith("__")})

            """ + script
        let driverFile = directory.appendingPathComponent("driver.py")
        try driver.write(to: driverFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [driverFile.path, jobFile.path]
        let out = directory.appendingPathComponent("out.txt"), err = directory.appendingPathComponent("err.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        let stderr = try String(contentsOf: err, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        return try String(contentsOf: out, encoding: .utf8)
    }
}
