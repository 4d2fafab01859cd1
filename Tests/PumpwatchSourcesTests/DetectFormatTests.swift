import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class DetectFormatTests: XCTestCase {
    private func detect(_ text: String) -> DetectedFormat? {
        FormatDetector.detect(prefix: Array(text.utf8))
    }

    private func assertDetects(_ text: String, _ format: SourceFormat, _ layout: RecordLayout, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(detect(text), DetectedFormat(format: format, layout: layout), file: file, line: line)
    }

    func testCloudTrailShapes() {
        assertDetects(Fixture.cloudTrailFile(ids: ["e1"]), .cloudtrail, .arrayUnderKey("Records"))
        assertDetects(Fixture.cloudTrailRecord(id: "e1") + "\n" + Fixture.cloudTrailRecord(id: "e2") + "\n", .cloudtrail, .lines)
        assertDetects("[\n" + Fixture.cloudTrailRecord(id: "e1") + "\n]", .cloudtrail, .array)
        // Key order differs between exporters.
        assertDetects(#"{"awsRegion":"us-east-1","eventCategory":"Management","eventID":"x","eventName":"DeleteAlarms","eventSource":"monitoring.amazonaws.com","eventTime":"2026-01-01T00:00:00Z"}"#, .cloudtrail, .lines)
        assertDetects(#"{"QueryStatus": "FINISHED", "QueryStatistics": {"ResultsCount": 1}, "QueryResultRows": [[{"eventID": "e1"}, {"eventTime": "2026-11-20 10:00:00.000"}]]}"#, .cloudtrail, .arrayUnderKey("QueryResultRows"))
    }

    /// Live ingest names a parsed record's format with `format(ofRecord:)`; it must be what
    /// detection finds from the record's bytes.
    func testFormatOfAParsedRecordIsWhatTheBytesDetectAs() throws {
        let records = [
            Fixture.cloudTrailRecord(id: "e1"), Fixture.cloudTrailFile(ids: ["e1", "e2"]), Fixture.falconFDR, Fixture.falconLogScale,
            Fixture.twilioPage(sids: ["SM01"]), Fixture.twilioEvent(id: "EZ1"), "[" + Fixture.twilioEvent(id: "EZ1") + "]",
            Fixture.snsDelivery(id: "n1"), #"{"QueryResultRows": [[{"eventID": "e1"}]]}"#, #"{"level":"info","msg":"hello"}"#,
            "[1, 2]", "[]",
        ]
        for text in records {
            let bytes = Array(text.utf8)
            XCTAssertEqual(FormatDetector.format(ofRecord: try JSONParser.parse(bytes)), FormatDetector.detect(prefix: bytes)?.format, text)
        }
        XCTAssertNil(FormatDetector.format(ofRecord: .string("a line")))
    }

    func testWrapperKeyFoundEvenWhenThePrefixEndsInsideTheFirstRecord() {
        let text = Fixture.cloudTrailFile(ids: ["e1"])
        XCTAssertEqual(FormatDetector.detect(prefix: Array(text.utf8.prefix(40))), DetectedFormat(format: .cloudtrail, layout: .arrayUnderKey("Records")))
        let ndjson = Fixture.cloudTrailRecord(id: "e1")
        XCTAssertEqual(FormatDetector.detect(prefix: Array(ndjson.utf8.prefix(60))), DetectedFormat(format: .cloudtrail, layout: .lines))
    }

    func testFalconShapes() {
        assertDetects(Fixture.falconFDR + "\n", .falcon, .lines)
        assertDetects(Fixture.falconLogScale + "\n" + Fixture.falconFDR, .falcon, .lines)
    }

    func testTwilioShapes() {
        assertDetects(Fixture.twilioPage(sids: ["SM01", "SM02"]), .twilioMessages, .arrayUnderKey("messages"))
        assertDetects(#"{"messages": [], "next_page_uri": null, "page": 3}"#, .twilioMessages, .arrayUnderKey("messages"))
        assertDetects("[" + Fixture.twilioEvent(id: "EZ1") + "]", .twilioEvents, .array)
        assertDetects(Fixture.twilioEvent(id: "EZ1") + "\n" + Fixture.twilioEvent(id: "EZ2") + "\n", .twilioEvents, .lines)
    }

    func testSNSDeliveryShapes() {
        assertDetects(Fixture.subscriptionDocument(ids: ["m1"]) + Fixture.subscriptionDocument(ids: ["m2"]), .snsDelivery, .documents)
        assertDetects(Fixture.snsDelivery(id: "m1") + "\n", .snsDelivery, .lines)
        assertDetects(Fixture.filterLogEvents(ids: ["m1"]), .snsDelivery, .arrayUnderKey("events"))
    }

    func testWebAppAndMetricShapes() {
        assertDetects(Fixture.accessLine() + "\n", .webAccess, .lines)
        assertDetects(#"192.0.2.1 - frank [10/Oct/2026:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#, .webAccess, .lines)
        assertDetects("[" + Fixture.appRequest(id: "r1") + "]", .appRequests, .array)
        assertDetects(Fixture.appRequest(id: "r1") + "\n", .appRequests, .lines)
        assertDetects(#"{"tables": [{"name": "PrimaryResult", "columns": [{"name": "TimeGenerated", "type": "datetime"}, {"name": "Url", "type": "string"}], "rows": [["2026-11-20T10:00:00Z", "https://x/"]]}]}"#, .appRequests, .documents)
        assertDetects(Fixture.metricData, .cloudwatchMetrics, .arrayUnderKey("MetricDataResults"))
    }

    func testGenericJSON() {
        assertDetects(#"{"user": "alice"}"# + "\n" + #"{"user": "bob"}"#, .ndjson, .lines)
        assertDetects(#"[{"user": "alice"}]"#, .ndjson, .array)
        assertDetects("[]", .ndjson, .array)
        assertDetects("{\n  \"user\": \"alice\",\n  \"n\": 1\n}\n", .ndjson, .documents)
    }

    func testFirstParsableLineDecidesWhenLineOneIsBroken() {
        assertDetects("{\"broken\" oops}\n" + Fixture.falconFDR + "\n", .falcon, .lines)
    }

    func testBlankBinaryAndUnknownContent() {
        XCTAssertNil(detect(""))
        XCTAssertNil(detect(" \n\t\r\n"))
        XCTAssertTrue(FormatDetector.isBlank([0xEF, 0xBB, 0xBF, 0x0A]))
        let binary: [UInt8] = [0x00, 0x01, 0x02, 0xFF, 0xFE] + (0..<600).map { UInt8(($0 * 37) % 256) }
        XCTAssertTrue(FormatDetector.looksBinary(binary))
        XCTAssertNil(FormatDetector.detect(prefix: binary))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64)
        XCTAssertNil(FormatDetector.detect(prefix: png))
        XCTAssertNil(detect("Dear reader,\nthis is a letter.\n"))
        XCTAssertNil(detect("2026-11-20 10:00:00 INFO started\n"))
    }

    func testTextWithAFewNulBytesIsNotBinary() {
        var bytes = Array((Fixture.falconFDR + "\n").utf8)
        bytes += [0x7B, 0x00, 0x00, 0x7D, 0x0A]
        bytes += Array((Fixture.falconFDR + "\n").utf8)
        XCTAssertFalse(FormatDetector.looksBinary(bytes))
        XCTAssertEqual(FormatDetector.detect(prefix: bytes)?.format, .falcon)
    }

    func testByteOrderMarkAndLeadingBlankLines() {
        XCTAssertEqual(FormatDetector.detect(prefix: [0xEF, 0xBB, 0xBF] + Array(("\n\n" + Fixture.falconFDR).utf8))?.format, .falcon)
    }

    func testAccessLogLineShape() {
        XCTAssertTrue(FormatDetector.isAccessLogLine(Array(Fixture.accessLine().utf8)))
        XCTAssertFalse(FormatDetector.isAccessLogLine(Array("[20/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1".utf8)))
        XCTAssertFalse(FormatDetector.isAccessLogLine(Array("1.2.3.4 - - [yesterday] \"GET / HTTP/1.1\" 200 1".utf8)))
        XCTAssertFalse(FormatDetector.isAccessLogLine(Array("1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" OK 1".utf8)))
    }

    func testPartialParserClosesOpenContainers() throws {
        let outcome = try XCTUnwrap(PartialJSONParser.parse(Array(#"{"a": [1, {"b": "te"#.utf8)))
        XCTAssertFalse(outcome.isComplete)
        XCTAssertEqual(outcome.value, .object([("a", .array([.int(1), .object([("b", .string("te"))])]))]))
        XCTAssertNil(PartialJSONParser.parse(Array(#"{"a" 1}"#.utf8)))
        XCTAssertEqual(PartialJSONParser.parse(Array(#"{"a":1} tail"#.utf8))?.end, 7)
    }
}
