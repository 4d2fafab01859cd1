import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Bad input of every kind is counted as malformed with its file and line, and the run goes on.
final class MalformedInputTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try Fixture.makeDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func ndjson(_ ids: [String]) -> String {
        ids.map { Fixture.cloudTrailRecord(id: $0) }.joined(separator: "\n") + "\n"
    }

    func testTruncatedGzipKeepsCompleteRecordsAndReportsTheCut() throws {
        let text = ndjson((1...200).map { "e\($0)" })
        let full = Fixture.gzip(text)
        let path = try Fixture.write(Array(full[0..<(full.count / 2)]), to: "\(dir)/cut.json.gz")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.format, .cloudtrail)
        XCTAssertGreaterThan(outcome.summary.events, 10)
        XCTAssertLessThan(outcome.summary.events, 200)
        XCTAssertEqual(outcome.events.map { $0["event.id"] }, (1...outcome.summary.events).map { .string("e\($0)") })
        XCTAssertEqual(outcome.summary.malformed, 1)
        let report = try XCTUnwrap(outcome.malformed.first)
        XCTAssertEqual(report.origin.file, path)
        XCTAssertEqual(report.origin.line, outcome.summary.events + 1)
        XCTAssertTrue(report.reason.contains("gzip stream truncated"), report.reason)
    }

    func testTinyTruncatedGzipIsReported() throws {
        let full = Fixture.gzip(ndjson(["e1"]))
        let path = try Fixture.write(Array(full[0..<12]), to: "\(dir)/tiny.gz")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.events, 0)
        XCTAssertEqual(outcome.summary.malformed, 1)
        XCTAssertTrue(outcome.malformed[0].reason.contains("truncated"), outcome.malformed[0].reason)
    }

    func testBrokenJSONLineAmongGoodLines() throws {
        let lines = [Fixture.cloudTrailRecord(id: "e1"), Fixture.cloudTrailRecord(id: "e2"), #"{"eventVersion":"1.08","eventTime": "#, Fixture.cloudTrailRecord(id: "e4")]
        let path = try Fixture.write(lines.joined(separator: "\n") + "\n", to: "\(dir)/trail.ndjson")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.events, 3)
        XCTAssertEqual(outcome.summary.malformed, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 3)])
        XCTAssertTrue(outcome.malformed[0].reason.hasPrefix("invalid JSON"), outcome.malformed[0].reason)
        XCTAssertEqual(outcome.malformed[0].description, "\(path):3: malformed record: \(outcome.malformed[0].reason)")
    }

    func testBinaryFileIsOneReportNamingTheFile() throws {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        bytes += (0..<4096).map { UInt8(($0 * 131 + 7) % 256) }
        let path = try Fixture.write(bytes, to: "\(dir)/a.out")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summaries, [FileSummary(path: path, format: nil, events: 0, malformed: 1)])
        XCTAssertEqual(outcome.malformed.first?.origin.file, path)
        XCTAssertTrue(outcome.malformed.first?.reason.contains("binary") ?? false)
    }

    func testEmptyFileIsReportedWithNoEvents() throws {
        let empty = try Fixture.write("", to: "\(dir)/empty.json")
        let blank = try Fixture.write("\n\n  \n", to: "\(dir)/blank.json")
        let emptyGzip = try Fixture.write(Fixture.gzip(""), to: "\(dir)/empty.json.gz")
        let outcome = try Fixture.read([empty, blank, emptyGzip])
        XCTAssertEqual(outcome.summaries.map(\.events), [0, 0, 0])
        XCTAssertEqual(outcome.summaries.map(\.malformed), [1, 1, 1])
        XCTAssertEqual(outcome.malformed.map(\.reason), ["empty file", "empty file", "empty file"])
    }

    func testUnrecognisedTextFileIsReported() throws {
        let path = try Fixture.write("hello world\nthis is not a log\n", to: "\(dir)/notes.txt")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summaries, [FileSummary(path: path, malformed: 1)])
        XCTAssertTrue(outcome.malformed[0].reason.hasPrefix("unrecognised content"))
    }

    func testRecordsMemberWithTheWrongType() throws {
        let path = try Fixture.write(#"{"Records": 5}"#, to: "\(dir)/wrong.json")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.format, .cloudtrail)
        XCTAssertEqual(outcome.summary.events, 0)
        XCTAssertEqual(outcome.malformed.map(\.reason), ["\"Records\" is not an array"])
    }

    func testRecordsOfTheWrongTypeInsideTheArray() throws {
        let path = try Fixture.write("{\"Records\": [" + Fixture.cloudTrailRecord(id: "e1") + ", 5, \"text\", [1]]}", to: "\(dir)/mixed.json")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.events, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin.record), [2, 3, 4])
    }

    func testFiveMegabyteLineUnderAOneMegabyteLimit() throws {
        let long = #"{"eventVersion":"1.08","pad":""# + String(repeating: "x", count: 5 << 20) + #""}"#
        let text = Fixture.cloudTrailRecord(id: "e1") + "\n" + long + "\n" + Fixture.cloudTrailRecord(id: "e3") + "\n"
        let path = try Fixture.write(text, to: "\(dir)/long.ndjson")
        let outcome = try Fixture.read([path], options: Fixture.options { $0.maxRecordBytes = 1 << 20 })
        XCTAssertEqual(outcome.summary.events, 2)
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 2)])
        XCTAssertTrue(outcome.malformed[0].reason.contains("longer than 1048576 bytes"))
    }

    func testNulBytesInALine() throws {
        var bytes = Array(ndjson(["e1"]).utf8)
        bytes += Array(#"{"eventVersion":"1.08","#.utf8) + [0, 0, 0] + Array("}\n".utf8)
        bytes += Array(ndjson(["e3"]).utf8)
        let path = try Fixture.write(bytes, to: "\(dir)/nul.ndjson")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.events, 2)
        XCTAssertEqual(outcome.malformed.map(\.origin.line), [2])
    }

    func testInvalidUTF8InAJSONLineAndInAnAccessLogLine() throws {
        var json = Array(Fixture.falconFDR.utf8) + [0x0A]
        json += Array(#"{"event_simpleName":"DnsRequest","DomainName":""#.utf8) + [0xC3, 0x28, 0xFF] + Array("\"}\n".utf8)
        json += Array(Fixture.falconFDR.utf8) + [0x0A]
        var text = Array(Fixture.accessLine().utf8) + [0x0A]
        text += Array(#"203.0.113.9 - - [20/Nov/2026:10:00:01 +0000] "GET /"#.utf8) + [0xFF, 0xFE] + Array(#" HTTP/1.1" 200 5 "-" "-""#.utf8) + [0x0A]
        let jsonPath = try Fixture.write(json, to: "\(dir)/falcon.ndjson")
        let textPath = try Fixture.write(text, to: "\(dir)/access.log")
        let outcome = try Fixture.read([jsonPath, textPath])
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 1])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: jsonPath, line: 2), Origin(file: textPath, line: 2)])
        XCTAssertEqual(outcome.malformed[1].reason, "line is not valid UTF-8")
    }

    func testWrappedArrayCutMidwayKeepsTheCompleteRecords() throws {
        let text = "{\"Records\": [" + Fixture.cloudTrailRecord(id: "e1") + "," + Fixture.cloudTrailRecord(id: "e2") + "," + String(Fixture.cloudTrailRecord(id: "e3").prefix(300))
        for (name, bytes) in [("cut.json", Array(text.utf8)), ("cut.json.gz", Fixture.gzip(text))] {
            let path = try Fixture.write(bytes, to: "\(dir)/\(name)")
            let outcome = try Fixture.read([path])
            XCTAssertEqual(outcome.summary.events, 2, name)
            XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 1, record: 3)], name)
            XCTAssertEqual(outcome.malformed.first?.reason, "record cut off at end of input")
        }
    }

    func testCRLFAndByteOrderMark() throws {
        let crlf = try Fixture.write(ndjson(["e1", "e2"]).replacingOccurrences(of: "\n", with: "\r\n"), to: "\(dir)/crlf.ndjson")
        let bom = try Fixture.write([0xEF, 0xBB, 0xBF] + Array(ndjson(["e3"]).utf8), to: "\(dir)/bom.ndjson")
        let bomWrapped = try Fixture.write([0xEF, 0xBB, 0xBF] + Array(Fixture.cloudTrailFile(ids: ["e4"]).utf8), to: "\(dir)/bom.json")
        let accessCRLF = try Fixture.write(Fixture.accessLine() + "\r\n" + Fixture.accessLine() + "\r\n", to: "\(dir)/access.log")
        let outcome = try Fixture.read([crlf, bom, bomWrapped, accessCRLF])
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 1, 1, 2])
        XCTAssertEqual(outcome.summaries.map(\.format), [.cloudtrail, .cloudtrail, .cloudtrail, .webAccess])
        XCTAssertEqual(outcome.events.last?["http.response.status_code"]?.intValue, 200)
    }

    func testSymlinkLoopInADirectory() throws {
        try Fixture.write(ndjson(["e1"]), to: "\(dir)/logs/trail.ndjson")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/logs/loop", withDestinationPath: "\(dir)/logs")
        let outcome = try Fixture.read([dir])
        XCTAssertEqual(outcome.events.count, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin.file), ["\(dir)/logs/loop"])
        XCTAssertTrue(outcome.malformed[0].reason.contains("loop"))
        XCTAssertEqual(outcome.summaries.map(\.malformed), [1, 0])
    }

    func testMissingPathIsReportedNotThrown() throws {
        let outcome = try Fixture.read(["\(dir)/nope.json"])
        XCTAssertEqual(outcome.summaries, [FileSummary(path: "\(dir)/nope.json", malformed: 1)])
    }

    func testMixedFileUsesTheDetectedFormatPerLine() throws {
        let text = [Fixture.cloudTrailRecord(id: "e1"), Fixture.falconFDR, Fixture.cloudTrailRecord(id: "e3")].joined(separator: "\n")
        let path = try Fixture.write(text, to: "\(dir)/mixed.ndjson")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.format, .cloudtrail)
        XCTAssertEqual(outcome.summary.events, 2)
        XCTAssertEqual(outcome.malformed.map(\.origin.line), [2])
    }

    func testRecordsTheNormalizerRejectsAreMalformed() throws {
        let text = Fixture.cloudTrailRecord(id: "e1") + "\n" + #"{"eventVersion":"1.08","eventSource":"sns.amazonaws.com","eventName":"Publish","eventTime":"not a time"}"# + "\n"
        let path = try Fixture.write(text, to: "\(dir)/bad-time.ndjson")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.events, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin.line), [2])
    }

    func testStrictModeThrowsOnTheFirstMalformedRecord() throws {
        let lines = [Fixture.cloudTrailRecord(id: "e1"), "{oops", "{also bad", Fixture.cloudTrailRecord(id: "e4")]
        let path = try Fixture.write(lines.joined(separator: "\n"), to: "\(dir)/strict.ndjson")
        var events = 0
        var reports: [MalformedRecord] = []
        XCTAssertThrowsError(try SourceReader(options: Fixture.options { $0.strict = true }).read(
            paths: [path], onEvent: { _ in events += 1 }, onMalformed: { reports.append($0) })
        ) { error in
            guard let strict = error as? StrictModeError else { return XCTFail("\(error)") }
            XCTAssertEqual(strict.record.origin, Origin(file: path, line: 2))
        }
        XCTAssertEqual(events, 1)
        XCTAssertEqual(reports.count, 1)
    }

    func testStrictModeStopsOnFileLevelProblemsToo() throws {
        let empty = try Fixture.write("", to: "\(dir)/a-empty.json")
        try Fixture.write(ndjson(["e1"]), to: "\(dir)/b.ndjson")
        XCTAssertThrowsError(try Fixture.read([dir], options: Fixture.options { $0.strict = true })) { error in
            XCTAssertEqual((error as? StrictModeError)?.record.origin.file, empty)
        }
        let cut = Fixture.gzip(ndjson(["e1", "e2", "e3"]))
        let gz = try Fixture.write(Array(cut.dropLast(12)), to: "\(dir)/cut.gz")
        XCTAssertThrowsError(try Fixture.read([gz], options: Fixture.options { $0.strict = true })) { error in
            XCTAssertTrue((error as? StrictModeError)?.record.reason.contains("truncated") ?? false)
        }
    }
}
