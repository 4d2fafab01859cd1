import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchSources
import XCTest

/// Runs every built-in detector over a folder written by `pumpwatch simulate` and prints what each
/// reports. Set `PUMPWATCH_SIM_DIR` to the folder; without it the test is skipped.
final class SimulatedCampaignDetectorTests: XCTestCase {
    func testDetectorsOverSimulatedFolder() throws {
        guard let dir = ProcessInfo.processInfo.environment["PUMPWATCH_SIM_DIR"] else {
            throw XCTSkip("set PUMPWATCH_SIM_DIR to a folder written by pumpwatch simulate")
        }
        let context = DetectionContext(nowMillis: 0)
        let detectors: [any Detector] = try DetectorRegistry.all.map { type in
            try type.init(rule: DetectorHarness.rule(type), context: context)
        }
        var options = ReadOptions()
        options.showsProgress = false
        let start = Date()
        _ = try SourceReader(options: options).read(
            paths: [dir],
            onEvent: { event in
                for d in detectors where d.formats.contains(event.format) {
                    var e = event
                    d.fields.apply(to: &e.fields)
                    d.observe(e)
                }
            },
            onMalformed: { XCTFail("malformed: \($0)") })
        for d in detectors {
            let findings = d.finish()
            print("== \(type(of: d).name): \(findings.count) finding(s)")
            for f in findings {
                print("  [\(f.severity)] \(f.summary)")
                print("    entities: " + f.entities.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
                print("    evidence: " + f.evidence.map { "\($0.0)=\($0.1)" }.joined(separator: " | "))
                print("    sources: \(f.sources.count) e.g. \(f.sources.prefix(2).joined(separator: ", "))")
            }
        }
        print("elapsed \(Date().timeIntervalSince(start))s")
    }
}

/// Feeds records written in the sources' real formats through the normalizers into one detector,
/// and builds such records.
enum DetectorHarness {
    /// One record: its format, its text (JSON, or an access-log line) and the file it came from.
    struct Record {
        var format: SourceFormat
        var text: String
        var file: String
    }

    /// 2026-11-22T10:00:00Z, the simulated attack day.
    static let t0: Int64 = Timestamp.parse("2026-11-22T10:00:00Z")!
    static let day: Int64 = 86_400_000
    static let hour: Int64 = 3_600_000

    /// A rule for `type` with `parameters`, as a rule file would give it.
    static func rule(_ type: any Detector.Type, _ parameters: [String: JSONValue] = [:]) -> Rule {
        Rule(id: type.name, title: type.name, severity: .medium, language: .builtin, detector: type.name, parameters: RuleParameters(parameters))
    }

    /// The findings of `type` over `records`, in order; `now` makes the window end explicit.
    static func run(
        _ type: any Detector.Type, _ records: [Record], parameters: [String: JSONValue] = [:], now: Int64? = nil,
        baseline: Int64 = 7 * 86_400_000, detectionWindow: Int64 = 86_400_000
    ) throws -> [Finding] {
        let context = DetectionContext(nowMillis: now ?? 0, nowIsExplicit: now != nil, baselineMillis: baseline, detectionWindowMillis: detectionWindow)
        let detector = try type.init(rule: rule(type, parameters), context: context)
        var lines: [String: Int] = [:]
        for r in records {
            XCTAssertTrue(detector.formats.contains(r.format), "\(type.name) does not read \(r.format)")
            lines[r.file, default: 0] += 1
            let origin = Origin(file: r.file, line: lines[r.file]!)
            let events: [Event]
            if r.format == .webAccess {
                events = [try Normalizer.event(accessLogLine: r.text, origin: origin)]
            } else {
                events = try Normalizer.events(format: r.format, record: try JSONParser.parse(r.text), origin: origin)
            }
            for var e in events {
                let time = e.fields["@timestamp"]
                detector.fields.apply(to: &e.fields)
                e.fields["@timestamp"] = time
                detector.observe(e)
            }
        }
        return detector.finish()
    }

    static func evidence(_ f: Finding, _ name: String) -> Value? {
        f.evidence.first { $0.0 == name }?.1
    }

    static func iso(_ ms: Int64) -> String { Timestamp.iso8601(millis: ms) }

    /// `Sun, 22 Nov 2026 10:00:00 +0000`, as Twilio writes dates.
    static func rfc2822(_ ms: Int64) -> String {
        let days = ms / day
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(days % 7)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(m) - 1]
        let s = (ms % day) / 1000
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekday, Int(d), month, Int(y), Int(s / 3600), Int(s / 60 % 60), Int(s % 60))
    }

    /// `22/Nov/2026:10:00:00 +0000`, as access logs write dates.
    static func accessDate(_ ms: Int64) -> String {
        let (y, m, d) = Timestamp.civil(fromDays: ms / day)
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(m) - 1]
        let s = (ms % day) / 1000
        return String(format: "%02d/%@/%04d:%02d:%02d:%02d +0000", Int(d), month, Int(y), Int(s / 3600), Int(s / 60 % 60), Int(s % 60))
    }

    static func json(_ v: JSONValue) -> String { JSONWriter.serialize(v) }

    // MARK: CloudTrail

    static func cloudTrail(
        at t: Int64, source: String, name: String, identity: JSONValue, ip: String, userAgent: String,
        request: JSONValue, response: JSONValue?, error: String? = nil, file: String = "cloudtrail.json"
    ) -> Record {
        var o: [(String, JSONValue)] = [
            ("eventVersion", .string("1.09")), ("userIdentity", identity), ("eventTime", .string(iso(t))),
            ("eventSource", .string(source)), ("eventName", .string(name)), ("awsRegion", .string("us-east-1")),
            ("sourceIPAddress", .string(ip)), ("userAgent", .string(userAgent)), ("requestParameters", request),
        ]
        if let error {
            o.append(("errorCode", .string(error)))
            o.append(("errorMessage", .string("Attempt limit exceeded, please try after some time.")))
        } else if let response {
            o.append(("responseElements", response))
        }
        o += [
            ("requestID", .string("req-\(t)-\(name)")), ("eventID", .string("evt-\(t)-\(name)-\(ip)")), ("readOnly", .bool(false)),
            ("eventType", .string("AwsApiCall")), ("managementEvent", .bool(source != "sns.amazonaws.com")),
            ("recipientAccountId", .string("123456789012")),
        ]
        return Record(format: .cloudtrail, text: json(.object([("Records", .array([.object(o)]))])), file: file)
    }

    static func iamUser(_ arn: String) -> JSONValue {
        .object([
            ("type", .string("IAMUser")), ("principalId", .string("AIDAEXAMPLE")), ("arn", .string(arn)),
            ("accountId", .string("123456789012")), ("accessKeyId", .string("AKIAEXAMPLE")),
            ("userName", .string(String(arn.split(separator: "/").last ?? ""))),
        ])
    }

    /// An SNS `Publish` straight to a phone number.
    static func publish(
        at t: Int64, to number: String, arn: String = "arn:aws:iam::123456789012:user/ci-deploy", ip: String = "203.0.113.45",
        userAgent: String = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/sns.publish",
        messageID: String, error: String? = nil
    ) -> Record {
        cloudTrail(
            at: t, source: "sns.amazonaws.com", name: "Publish", identity: iamUser(arn), ip: ip, userAgent: userAgent,
            request: .object([("phoneNumber", .string(number)), ("message", .string("HIDDEN_DUE_TO_SECURITY_REASONS"))]),
            response: .object([("messageId", .string(messageID))]), error: error)
    }

    /// A Cognito user-pool call from an anonymous client.
    static func cognito(
        _ action: String, at t: Int64, ip: String, destination: String? = "+*******1234", medium: String = "SMS",
        error: String? = nil, userAgent: String = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 command/cognito-idp.forgot-password"
    ) -> Record {
        let response: JSONValue? = destination.map {
            .object([("codeDeliveryDetails", .object([
                ("destination", .string($0)), ("deliveryMedium", .string(medium)), ("attributeName", .string(medium == "SMS" ? "phone_number" : "email")),
            ]))])
        }
        return cloudTrail(
            at: t, source: "cognito-idp.amazonaws.com", name: action,
            identity: .object([("type", .string("Unknown")), ("principalId", .string("Anonymous"))]), ip: ip, userAgent: userAgent,
            request: .object([("clientId", .string("5f8k2l9m3n4p7q1r6s0t2u4v8w")), ("username", .string("HIDDEN_DUE_TO_SECURITY_REASONS"))]),
            response: response, error: error)
    }

    // MARK: Messaging

    /// An SNS SMS delivery status record.
    static func delivery(at t: Int64, to number: String, messageID: String, price: Double, status: String = "SUCCESS", mcc: Int = 310, mnc: Int = 260) -> Record {
        let stamp = iso(t).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
        let o: JSONValue = .object([
            ("notification", .object([("messageId", .string(messageID)), ("timestamp", .string(stamp))])),
            ("delivery", .object([
                ("mnc", .int(Int64(mnc))), ("numberOfMessageParts", .int(1)), ("destination", .string(number)),
                ("priceInUSD", .double(price)), ("smsType", .string("Transactional")), ("mcc", .int(Int64(mcc))),
                ("providerResponse", .string("Message has been accepted by phone carrier")), ("dwellTimeMs", .int(420)),
                ("dwellTimeMsUntilDeviceAck", .int(1800)),
            ])),
            ("status", .string(status)),
        ])
        return Record(format: .snsDelivery, text: json(o), file: "sns-delivery.json")
    }

    /// A Twilio Message resource as `Messages.json` lists it.
    static func twilioMessage(at t: Int64, to number: String, sid: String, status: String, price: String = "-0.00830", from: String = "+15017122661") -> Record {
        let o: JSONValue = .object([
            ("account_sid", .string("AC66caa060b7db817dce3e657006cf5647")), ("api_version", .string("2010-04-01")),
            ("body", .string("Your verification code is 123456")), ("date_created", .string(rfc2822(t))),
            ("date_sent", .string(rfc2822(t + 1000))), ("date_updated", .string(rfc2822(t + 5000))),
            ("direction", .string("outbound-api")), ("error_code", .null), ("error_message", .null), ("from", .string(from)),
            ("num_media", .string("0")), ("num_segments", .string("1")), ("price", .string(price)), ("price_unit", .string("USD")),
            ("sid", .string(sid)), ("status", .string(status)), ("to", .string(number)),
            ("uri", .string("/2010-04-01/Accounts/AC66caa060b7db817dce3e657006cf5647/Messages/\(sid).json")),
        ])
        return Record(format: .twilioMessages, text: json(o), file: "twilio-messages.json")
    }

    /// A Twilio Event Streams message status event.
    static func twilioEvent(at t: Int64, to number: String, sid: String, status: String) -> Record {
        let type = "com.twilio.messaging.message.\(status)"
        let o: JSONValue = .object([
            ("specversion", .string("1.0")), ("type", .string(type)),
            ("source", .string("/2010-04-01/Accounts/AC66caa060b7db817dce3e657006cf5647/Messages/\(sid).json")),
            ("id", .string("EZ\(sid)\(status)")), ("dataschema", .string("https://events-schemas.twilio.com/Messaging.MessageStatus/8")),
            ("datacontenttype", .string("application/json")), ("time", .string(iso(t))),
            ("data", .object([
                ("accountSid", .string("AC66caa060b7db817dce3e657006cf5647")), ("from", .string("+15017122661")), ("to", .string(number)),
                ("messageSid", .string(sid)), ("messageStatus", .string(status.uppercased())), ("timestamp", .string(iso(t))),
                ("eventName", .string(type)), ("apiVersion", .string("2010-04-01")), ("numberOfSegments", .int(1)),
            ])),
        ])
        return Record(format: .twilioEvents, text: json(o), file: "twilio-events.json")
    }

    /// A Twilio Verify event: `pending` when the code is sent, `approved` when it is entered.
    static func verifyEvent(at t: Int64, to number: String, sid: String, status: String) -> Record {
        let o: JSONValue = .object([
            ("specversion", .string("1.0")), ("type", .string("com.twilio.accountsecurity.verify.verification.\(status)")),
            ("source", .string("/v2/Services/VA70507aa6b1c9cd3090123c2d03df7a2b/Verifications/\(sid)")),
            ("id", .string("EZ\(sid)\(status)")), ("time", .string(iso(t))),
            ("data", .object([
                ("account_sid", .string("AC66caa060b7db817dce3e657006cf5647")), ("service_sid", .string("VA70507aa6b1c9cd3090123c2d03df7a2b")),
                ("verification_sid", .string(sid)), ("to", .string(number)), ("verification_status", .string(status.uppercased())),
            ])),
        ])
        return Record(format: .twilioEvents, text: json(o), file: "twilio-events.json")
    }

    // MARK: Web and app

    static func accessLine(at t: Int64, ip: String, method: String = "POST", path: String, status: Int, userAgent: String = "curl/8.5.0") -> Record {
        Record(
            format: .webAccess,
            text: "\(ip) - - [\(accessDate(t))] \"\(method) \(path) HTTP/1.1\" \(status) 57 \"https://shop.example.com/login\" \"\(userAgent)\"",
            file: "access.log")
    }

    static func appRequest(at t: Int64, ip: String, method: String = "POST", path: String, status: Int) -> Record {
        let o: JSONValue = .object([
            ("TimeGenerated", .string(iso(t))), ("Id", .string("req\(t)")), ("Name", .string("\(method) \(path)")),
            ("Url", .string("https://shop.example.com\(path)")), ("Success", .bool(status < 400)), ("ResultCode", .string(String(status))),
            ("DurationMs", .double(12.5)), ("ClientIP", .string(ip)), ("OperationId", .string("op\(t)")), ("Type", .string("AppRequests")),
        ])
        return Record(format: .appRequests, text: json(o), file: "AppRequests.ndjson")
    }

    // MARK: Falcon and metrics

    static func falconDNS(at t: Int64, aid: String, computer: String, domain: String, fileName: String = "node", pid: String = "1001") -> Record {
        let o: JSONValue = .object([
            ("#event_simpleName", .string("DnsRequest")), ("aid", .string(aid)), ("ComputerName", .string(computer)),
            ("DomainName", .string(domain)), ("FileName", .string(fileName)), ("ContextProcessId", .string(pid)),
            ("timestamp", .string(String(t))), ("cid", .string("1b8163e7b416f782d8be3bfb2a059104")),
        ])
        return Record(format: .falcon, text: json(o), file: "falcon.ndjson")
    }

    static func falconConnect(at t: Int64, aid: String, computer: String, remote: String, port: Int = 443, process: String) -> Record {
        let o: JSONValue = .object([
            ("#event_simpleName", .string("NetworkConnectIP4")), ("aid", .string(aid)), ("ComputerName", .string(computer)),
            ("RemoteAddressIP4", .string(remote)), ("RemotePort", .string(String(port))), ("TargetProcessName", .string(process)),
            ("ContextProcessId", .string("2002")), ("timestamp", .string(String(t))), ("cid", .string("1b8163e7b416f782d8be3bfb2a059104")),
        ])
        return Record(format: .falcon, text: json(o), file: "falcon.ndjson")
    }

    /// A `GetMetricData` result for one metric.
    static func metric(_ name: String, _ points: [(Int64, Double)], id: String = "m1") -> Record {
        let o: JSONValue = .object([
            ("Id", .string(id)), ("Label", .string(name)),
            ("Timestamps", .array(points.map { .string(iso($0.0)) })), ("Values", .array(points.map { .double($0.1) })),
            ("StatusCode", .string("Complete")),
        ])
        return Record(format: .cloudwatchMetrics, text: json(o), file: "metrics.json")
    }
}
