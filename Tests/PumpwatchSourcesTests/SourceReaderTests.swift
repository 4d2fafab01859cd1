import CZlib
import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Fixtures in the real formats of each source, written by hand, and functions that read them.
enum Fixture {
    static func cloudTrailRecord(id: String, time: String = "2026-11-20T10:00:00Z", name: String = "Publish", phone: String = "+88213000001") -> String {
        #"{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:otp","arn":"arn:aws:sts::123456789012:assumed-role/otp-sender/otp","accountId":"123456789012","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/otp-sender","accountId":"123456789012","userName":"otp-sender"}}},"eventTime":"\#(time)","eventSource":"sns.amazonaws.com","eventName":"\#(name)","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-sdk-java/2.20.0 Linux/5.10","requestParameters":{"phoneNumber":"\#(phone)","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"b1c2d3-\#(id)"},"requestID":"req-\#(id)","eventID":"\#(id)","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012","eventCategory":"Data"}"#
    }

    static func cloudTrailFile(ids: [String]) -> String {
        "{\"Records\":[" + ids.map { cloudTrailRecord(id: $0) }.joined(separator: ",") + "]}"
    }

    static let falconFDR = #"{"event_simpleName":"DnsRequest","aid":"a1b2c3","cid":"c0ffee","timestamp":"1763632800000","ContextTimeStamp":"1763632800.123","ComputerName":"WEB-01","DomainName":"api.twilio.com","RequestType":"1","ContextProcessId":"4242","ContextThreadId":"77","FileName":"node"}"#
    static let falconLogScale = ##"{"#event_simpleName":"NetworkConnectIP4","@timestamp":"2026-11-20T10:00:05.000Z","aid":"a1b2c3","cid":"c0ffee","timestamp":"1763632805000","RemoteAddressIP4":"3.5.140.2","RemotePort":"443","LocalAddressIP4":"10.0.0.5","LocalPort":"51514","Protocol":"6","ContextProcessId":"4242","TargetProcessName":"node"}"##

    static func twilioMessage(sid: String, to: String = "+88213000001", status: String = "delivered", date: String = "Thu, 20 Nov 2026 10:00:00 +0000") -> String {
        #"{"account_sid":"AC00000000000000000000000000000001","api_version":"2010-04-01","body":"Your code is 123456","date_created":"\#(date)","date_sent":"\#(date)","date_updated":"\#(date)","direction":"outbound-api","error_code":null,"error_message":null,"from":"+15005550006","messaging_service_sid":"MG00000000000000000000000000000001","num_media":"0","num_segments":"1","price":"-0.05000","price_unit":"USD","sid":"\#(sid)","status":"\#(status)","subresource_uris":{"media":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/\#(sid)/Media.json"},"to":"\#(to)","uri":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/\#(sid).json"}"#
    }

    static func twilioPage(sids: [String], page: Int = 0) -> String {
        """
        {
          "end": \(sids.count - 1),
          "first_page_uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=50&Page=0",
          "messages": [
            \(sids.map { twilioMessage(sid: $0) }.joined(separator: ",\n    "))
          ],
          "next_page_uri": null,
          "page": \(page),
          "page_size": 50,
          "previous_page_uri": null,
          "start": 0,
          "uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=50&Page=\(page)"
        }
        """
    }

    static func twilioEvent(id: String, status: String = "delivered") -> String {
        #"{"specversion":"1.0","type":"com.twilio.messaging.message.\#(status)","source":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM01.json","id":"\#(id)","dataschema":"https://events-schemas.twilio.com/Messaging.MessageStatus/2","datacontenttype":"application/json","time":"2026-11-20T10:00:05.000Z","data":{"messageSid":"SM01","accountSid":"AC00000000000000000000000000000001","to":"+88213000001","from":"+15005550006","messageStatus":"\#(status.uppercased())","eventName":"com.twilio.messaging.message.\#(status)","timestamp":"2026-11-20T10:00:05.000Z","mcc":"901","mnc":"13"}}"#
    }

    static func snsDelivery(id: String, destination: String = "+88213000001", time: String = "2026-11-20 10:00:00.123") -> String {
        #"{"notification":{"messageId":"\#(id)","timestamp":"\#(time)"},"delivery":{"phoneCarrier":"Example Carrier","mnc":13,"numberOfMessageParts":1,"destination":"\#(destination)","priceInUSD":0.25,"smsType":"Transactional","mcc":901,"providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":212,"dwellTimeMsUntilDeviceAck":1483},"status":"SUCCESS"}"#
    }

    /// A CloudWatch Logs subscription document, as Firehose writes it to S3, with one log event per id.
    static func subscriptionDocument(ids: [String]) -> String {
        let events = ids.enumerated().map { i, id in
            #"{"id":"3719264857284736\#(i)","timestamp":\#(1_763_632_800_123 + Int64(i)),"message":\#(JSONWriter.quote(snsDelivery(id: id)))}"#
        }
        return #"{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"sns/us-east-1/123456789012/DirectPublishToPhoneNumber","logStream":"7a1b2c3d","subscriptionFilters":["sms-to-firehose"],"logEvents":[\#(events.joined(separator: ","))]}"#
    }

    static func filterLogEvents(ids: [String]) -> String {
        let events = ids.enumerated().map { i, id in
            #"    {"logStreamName": "7a1b2c3d", "timestamp": \#(1_763_632_800_123 + Int64(i)), "message": \#(JSONWriter.quote(snsDelivery(id: id))), "ingestionTime": 1763632801000, "eventId": "3719264857284736\#(i)"}"#
        }
        return "{\n  \"events\": [\n" + events.joined(separator: ",\n") + "\n  ],\n  \"searchedLogStreams\": []\n}\n"
    }

    static func accessLine(ip: String = "203.0.113.7", path: String = "/api/auth/send-otp", status: Int = 200, time: String = "20/Nov/2026:10:00:00 +0000") -> String {
        #"\#(ip) - - [\#(time)] "POST \#(path) HTTP/1.1" \#(status) 512 "https://app.example.com/signup" "Mozilla/5.0 (X11; Linux x86_64)""#
    }

    static func appRequest(id: String, time: String = "2026-11-20T10:00:00.000Z") -> String {
        #"{"TenantId":"00000000-0000-0000-0000-000000000001","TimeGenerated":"\#(time)","Id":"\#(id)","Name":"POST /api/auth/send-otp","Url":"https://app.example.com/api/auth/send-otp","Success":true,"ResultCode":"200","DurationMs":12.5,"ClientIP":"203.0.113.7","OperationId":"op-\#(id)","AppRoleName":"web","Type":"AppRequests"}"#
    }

    static let metricData = """
        {
            "MetricDataResults": [
                {
                    "Id": "spend",
                    "Label": "SMSMonthToDateSpentUSD",
                    "Timestamps": ["2026-11-20T10:00:00+00:00", "2026-11-20T09:00:00+00:00"],
                    "Values": [120.5, 80.25],
                    "StatusCode": "Complete"
                },
                {
                    "Id": "sent",
                    "Label": "NumberOfMessagesSentToPhoneNumbers",
                    "Timestamps": ["2026-11-20T10:00:00+00:00", "2026-11-20T09:00:00+00:00", "2026-11-20T08:00:00+00:00"],
                    "Values": [480.0, 310.0, 12.0],
                    "StatusCode": "Complete"
                }
            ],
            "Messages": []
        }
        """

    // MARK: - Files

    static func makeDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @discardableResult
    static func write(_ text: String, to path: String) throws -> String {
        try write(Array(text.utf8), to: path)
    }

    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws -> String {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }

    /// One gzip member holding `bytes`.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let rc = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK)
        var input = bytes
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let r = deflate(&stream, Z_FINISH)
                precondition(r == Z_STREAM_END)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(out[0..<written])
    }

    static func gzip(_ text: String) -> [UInt8] { gzip(Array(text.utf8)) }

    // MARK: - Reading

    struct Outcome {
        var events: [Event] = []
        var malformed: [MalformedRecord] = []
        var summaries: [FileSummary] = []

        var summary: FileSummary { summaries[0] }
    }

    static func options(_ change: (inout ReadOptions) -> Void = { _ in }) -> ReadOptions {
        var o = ReadOptions()
        o.showsProgress = false
        change(&o)
        return o
    }

    static func read(_ paths: [String], options: ReadOptions = Fixture.options()) throws -> Outcome {
        var outcome = Outcome()
        outcome.summaries = try SourceReader(options: options).read(
            paths: paths, onEvent: { outcome.events.append($0) }, onMalformed: { outcome.malformed.append($0) })
        return outcome
    }

    /// Reads `bytes` with `reader` from memory, in chunks of `chunkSize` bytes.
    static func read(_ reader: some FormatReader, _ text: String, layout: RecordLayout, chunkSize: Int = 5, maxRecordBytes: Int = 16 << 20) throws -> Outcome {
        var outcome = Outcome()
        try reader.read(
            MemoryByteStream(text, chunkSize: chunkSize), path: "mem.json", layout: layout, maxRecordBytes: maxRecordBytes,
            onEvent: { outcome.events.append($0) }, onMalformed: { outcome.malformed.append($0) })
        return outcome
    }
}

final class SourceReaderTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try Fixture.makeDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testMixedFolderNamesEveryFormatAndCountsEvents() throws {
        let snsDocs = Fixture.subscriptionDocument(ids: ["m1", "m2"]) + Fixture.subscriptionDocument(ids: ["m3"])
        try Fixture.write(Fixture.gzip(Fixture.cloudTrailFile(ids: ["e1", "e2", "e3"])), to: "\(dir)/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1000Z_abc.json.gz")
        try Fixture.write([Fixture.falconFDR, Fixture.falconLogScale].joined(separator: "\n") + "\n", to: "\(dir)/falcon/dns.ndjson")
        try Fixture.write(Fixture.twilioPage(sids: ["SM01", "SM02"]), to: "\(dir)/twilio/Messages.json")
        try Fixture.write("[" + [Fixture.twilioEvent(id: "EZ1"), Fixture.twilioEvent(id: "EZ2")].joined(separator: ",") + "]", to: "\(dir)/twilio/events-batch.json")
        try Fixture.write(Fixture.gzip(snsDocs), to: "\(dir)/sns/firehose-1")
        try Fixture.write([Fixture.accessLine(), Fixture.accessLine(ip: "198.51.100.9")].joined(separator: "\n") + "\n", to: "\(dir)/web/access.log")
        try Fixture.write("[" + Fixture.appRequest(id: "r1") + "]", to: "\(dir)/azure/AppRequests.json")
        try Fixture.write(Fixture.metricData, to: "\(dir)/metrics/get-metric-data.json")
        try Fixture.write(#"{"user":"alice","action":"login"}"# + "\n" + #"{"user":"bob","action":"otp"}"#, to: "\(dir)/other/app.ndjson")

        let outcome = try Fixture.read([dir])
        XCTAssertEqual(outcome.malformed, [])
        let byFile = Dictionary(uniqueKeysWithValues: outcome.summaries.map { (String($0.path.dropFirst(dir.count + 1)), $0) })
        func check(_ file: String, _ format: SourceFormat, _ events: Int, line: UInt = #line) {
            guard let s = byFile[file] else { return XCTFail("\(file) not read", line: line) }
            XCTAssertEqual(s.format, format, file, line: line)
            XCTAssertEqual(s.events, events, file, line: line)
            XCTAssertEqual(s.malformed, 0, file, line: line)
        }
        check("AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1000Z_abc.json.gz", .cloudtrail, 3)
        check("falcon/dns.ndjson", .falcon, 2)
        check("twilio/Messages.json", .twilioMessages, 2)
        check("twilio/events-batch.json", .twilioEvents, 2)
        check("sns/firehose-1", .snsDelivery, 3)
        check("web/access.log", .webAccess, 2)
        check("azure/AppRequests.json", .appRequests, 1)
        check("metrics/get-metric-data.json", .cloudwatchMetrics, 5)
        check("other/app.ndjson", .ndjson, 2)
        XCTAssertEqual(outcome.summaries.count, 9)
        // Sorted, deterministic order.
        XCTAssertEqual(outcome.summaries.map(\.path), outcome.summaries.map(\.path).sorted())
        XCTAssertEqual(outcome.events.count, 22)
    }

    func testSummaryTimeRangeComesFromEventTimestamps() throws {
        let text = [
            Fixture.cloudTrailRecord(id: "e1", time: "2026-11-20T10:05:00Z"),
            Fixture.cloudTrailRecord(id: "e2", time: "2026-11-20T09:00:00Z"),
            Fixture.cloudTrailRecord(id: "e3", time: "2026-11-20T11:30:00Z"),
        ].joined(separator: "\n")
        let path = try Fixture.write(text, to: "\(dir)/trail.ndjson")
        let s = try Fixture.read([path]).summary
        XCTAssertEqual(s.events, 3)
        XCTAssertEqual(s.first, Timestamp.parse("2026-11-20T09:00:00Z"))
        XCTAssertEqual(s.last, Timestamp.parse("2026-11-20T11:30:00Z"))
    }

    func testOriginsCarryPathLineAndRecordIndex() throws {
        let ndjson = try Fixture.write("\n" + Fixture.cloudTrailRecord(id: "e1") + "\n\n" + Fixture.cloudTrailRecord(id: "e2") + "\n", to: "\(dir)/a.ndjson")
        let wrapped = try Fixture.write("{\"Records\": [\n" + Fixture.cloudTrailRecord(id: "e3") + ",\n" + Fixture.cloudTrailRecord(id: "e4") + "\n]}", to: "\(dir)/b.json")
        let outcome = try Fixture.read([ndjson, wrapped])
        XCTAssertEqual(outcome.events.map(\.origin), [
            Origin(file: ndjson, line: 2), Origin(file: ndjson, line: 4),
            Origin(file: wrapped, line: 2, record: 1), Origin(file: wrapped, line: 3, record: 2),
        ])
        XCTAssertEqual(outcome.events.map { $0["event.id"] }, [.string("e1"), .string("e2"), .string("e3"), .string("e4")])
    }

    func testProjectionKeepsOnlyNamedFieldsAndTimestamp() throws {
        let path = try Fixture.write(Fixture.cloudTrailRecord(id: "e1"), to: "\(dir)/one.ndjson")
        let options = Fixture.options { $0.projection = FieldProjection(names: ["event.action", "aws.cloudtrail.user_identity"]) }
        let event = try XCTUnwrap(Fixture.read([path], options: options).events.first)
        XCTAssertEqual(Set(event.fields.keys).subtracting(["@timestamp", "event.action"]).allSatisfy { $0.hasPrefix("aws.cloudtrail.user_identity.") }, true)
        XCTAssertEqual(event["event.action"], .string("Publish"))
        XCTAssertNotNil(event["@timestamp"])
        XCTAssertNil(event["event.provider"])
    }

    func testFormatFilterSkipsOtherFilesAfterDetection() throws {
        try Fixture.write(Fixture.cloudTrailRecord(id: "e1"), to: "\(dir)/trail.json")
        try Fixture.write(Fixture.falconFDR, to: "\(dir)/falcon.json")
        let outcome = try Fixture.read([dir], options: Fixture.options { $0.formats = [.falcon] })
        XCTAssertEqual(outcome.summaries.map(\.format), [.falcon])
        XCTAssertEqual(outcome.events.map(\.format), [.falcon])
    }

    func testDetectFormatOfOneFile() throws {
        let gz = try Fixture.write(Fixture.gzip(Fixture.twilioPage(sids: ["SM01"])), to: "\(dir)/page.gz")
        let text = try Fixture.write("just some words\n", to: "\(dir)/notes.txt")
        let reader = SourceReader(options: Fixture.options())
        XCTAssertEqual(try reader.detectFormat(path: gz), .twilioMessages)
        XCTAssertNil(try reader.detectFormat(path: text))
        XCTAssertThrowsError(try reader.detectFormat(path: "\(dir)/missing.json"))
    }

    func testLargeWrappedFileStreamsAcrossManyChunks() throws {
        let ids = (1...3000).map { "e\($0)" }
        let path = try Fixture.write(Fixture.gzip(Fixture.cloudTrailFile(ids: ids)), to: "\(dir)/big.json.gz")
        var count = 0
        var lastIndex = 0
        let summaries = try SourceReader(options: Fixture.options()).read(paths: [path], onEvent: { event in
            count += 1
            lastIndex = event.origin.record ?? 0
        }, onMalformed: { XCTFail("\($0)") })
        XCTAssertEqual(count, 3000)
        XCTAssertEqual(lastIndex, 3000)
        XCTAssertEqual(summaries.first?.events, 3000)
    }

    func testErrorsFromTheEventCallbackStopTheRun() throws {
        struct Enough: Error {}
        let path = try Fixture.write([Fixture.falconFDR, Fixture.falconFDR, Fixture.falconFDR].joined(separator: "\n"), to: "\(dir)/f.ndjson")
        var seen = 0
        XCTAssertThrowsError(try SourceReader(options: Fixture.options()).read(paths: [path], onEvent: { _ in
            seen += 1
            if seen == 2 { throw Enough() }
        }, onMalformed: { _ in })) { XCTAssertTrue($0 is Enough) }
        XCTAssertEqual(seen, 2)
    }

    func testProgressReporterTextAndSilenceWhenDisabled() {
        let p = ProgressReporter(totalBytes: 4 << 20, enabled: false)
        p.advance(by: 1 << 20)
        XCTAssertEqual(p.bytesRead, 1 << 20)
        XCTAssertEqual(p.statusText, "read 1.0 MB of 4.0 MB (25%)")
        p.finish()
    }
}
