import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// One test per kind of damaged input, each read with the real reader from files on disk: the run
/// goes on, the good events are counted exactly, and every bad record is reported with its file
/// and line (or record number). Line-oriented CloudTrail and Falcon files are also read through the
/// projected fast path and the parallel reader, which must report the same.
final class MalformedInputKindsTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try Fixture.makeDirectory() }

    override func tearDownWithError() throws {
        chmod(dir, 0o755)
        try? FileManager.default.removeItem(atPath: dir)
    }

    private var ct: FieldProjection { MalformedInput.cloudTrailProjection }

    private func ids(_ outcome: Fixture.Outcome) -> [String] {
        outcome.events.compactMap { $0["event.id"]?.stringValue }
    }

    // MARK: - Compression

    func testTruncatedGzipKeepsExactlyTheRecordsBeforeTheCut() throws {
        let parts = [(1...10), (11...15), (16...20)].map { r in Array(MalformedInput.cloudTrailLines(r.map { "e\($0)" }).utf8) }
        let (bytes, flushes) = MalformedInput.gzipFlushed(parts)
        // Cut a few bytes into the deflate data of the third part: everything up to e15 inflates.
        let path = try Fixture.write(Array(bytes[0..<(flushes[1] + 6)]), to: "\(dir)/trail.ndjson.gz")
        let outcome = try MalformedInput.readEveryWay([path], projection: ct)
        XCTAssertEqual(ids(outcome), (1...15).map { "e\($0)" })
        XCTAssertEqual(outcome.summaries, [FileSummary(path: path, format: .cloudtrail, events: 15, first: outcome.summary.first, last: outcome.summary.last, malformed: 1)])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 16)])
        XCTAssertTrue(outcome.malformed[0].reason.hasPrefix("gzip stream truncated after \(flushes[1] + 6) compressed bytes"), outcome.malformed[0].reason)
    }

    func testGzipBombInflatingToGigabytesIsReadWithBoundedMemory() throws {
        // 2 MiB of gzip that inflates to 2 GiB: one record line of 2 GiB between two good records.
        let head = Fixture.cloudTrailRecord(id: "e1") + "\n" + #"{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","pad":""#
        let tail = "\"}\n" + Fixture.cloudTrailRecord(id: "e3") + "\n"
        let path = try Fixture.write(MalformedInput.gzipBomb(head: head, filler: UInt8(ascii: "x"), repeats: 2048, tail: tail), to: "\(dir)/bomb.json.gz")
        XCTAssertLessThan(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? .max, 4 << 20)
        let measuring = MalformedInput.resetPeakResidentSize()
        let before = MalformedInput.peakResidentBytes() ?? 0
        let outcome = try Fixture.read([path])
        XCTAssertEqual(ids(outcome), ["e1", "e3"])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: path, line: 2), reason: "line longer than 16777216 bytes, skipped")])
        if measuring, let after = MalformedInput.peakResidentBytes() {
            XCTAssertLessThan(after - before, 256 << 20, "peak memory grew by \(after - before) bytes")
        }
    }

    func testGzipBombInsideARecordsArrayIsSkippedAsOneRecord() throws {
        let head = "{\"Records\":[" + Fixture.cloudTrailRecord(id: "e1") + #",{"eventVersion":"1.08","pad":""#
        let tail = "\"}," + Fixture.cloudTrailRecord(id: "e3") + "]}"
        let path = try Fixture.write(MalformedInput.gzipBomb(head: head, filler: UInt8(ascii: "y"), repeats: 256, tail: tail), to: "\(dir)/bomb-records.json.gz")
        let measuring = MalformedInput.resetPeakResidentSize()
        let before = MalformedInput.peakResidentBytes() ?? 0
        let outcome = try Fixture.read([path], options: Fixture.options { $0.maxRecordBytes = 1 << 20 })
        XCTAssertEqual(ids(outcome), ["e1", "e3"])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: path, line: 1, record: 2), reason: "record larger than 1048576 bytes, skipped")])
        if measuring, let after = MalformedInput.peakResidentBytes() {
            XCTAssertLessThan(after - before, 128 << 20, "peak memory grew by \(after - before) bytes")
        }
    }

    func testGzipFileThatIsReallyPlainTextAndTheReverse() throws {
        let plain = try Fixture.write(MalformedInput.cloudTrailLines(["e1", "e2"]), to: "\(dir)/a-plain.json.gz")
        let packed = try Fixture.write(Fixture.gzip(MalformedInput.cloudTrailLines(["e3"])), to: "\(dir)/b-packed.json")
        let outcome = try MalformedInput.readEveryWay([plain, packed], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e2", "e3"])
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.summaries.map(\.format), [.cloudtrail, .cloudtrail])
    }

    // MARK: - Long and strange bytes

    func testFiveMegabyteLineIsOneEventUnderTheDefaultLimitAndReportedOverASmallerOne() throws {
        let long = Fixture.cloudTrailRecord(id: "e2").replacingOccurrences(
            of: "HIDDEN_DUE_TO_SECURITY_REASONS", with: String(repeating: "m", count: 5 << 20))
        let path = try Fixture.write([Fixture.cloudTrailRecord(id: "e1"), long, Fixture.cloudTrailRecord(id: "e3")].joined(separator: "\n") + "\n", to: "\(dir)/long.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e2", "e3"])
        XCTAssertEqual(outcome.malformed, [])
        for way in MalformedInput.Way.allCases {
            let limited = try MalformedInput.read([path], way: way, projection: ct) { $0.maxRecordBytes = 4 << 20 }
            XCTAssertEqual(limited.events.count, 2, "\(way)")
            XCTAssertEqual(limited.malformed, [MalformedRecord(origin: Origin(file: path, line: 2), reason: "line longer than 4194304 bytes, skipped")], "\(way)")
        }
    }

    func testNulBytesBetweenAndInsideRecords() throws {
        // Past the 64 KiB that format detection looks at, so the file is still read as CloudTrail.
        let lead = (1...100).map { Fixture.cloudTrailRecord(id: "e\($0)") }.joined(separator: "\n") + "\n"
        var bytes = Array(lead.utf8)
        bytes += [UInt8](repeating: 0, count: 4096) + [0x0A]  // line 101: a hole of NULs, as after a crash
        bytes += Array(Fixture.cloudTrailRecord(id: "e102").utf8) + [0x0A]
        bytes += Array(Fixture.cloudTrailRecord(id: "e103").replacingOccurrences(of: "aws-sdk-java", with: "aws-sdk\u{0}java").utf8) + [0x0A]
        bytes += Array(Fixture.cloudTrailRecord(id: "e104").replacingOccurrences(of: "aws-sdk-java", with: #"aws-sdk\u0000java"#).utf8) + [0x0A]
        let path = try Fixture.write(bytes, to: "\(dir)/holes.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: ct)
        XCTAssertEqual(ids(outcome), (1...100).map { "e\($0)" } + ["e102", "e104"])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 101), Origin(file: path, line: 103)])
        XCTAssertEqual(outcome.malformed.map { $0.reason.hasPrefix("invalid JSON") }, [true, true])
        XCTAssertEqual(outcome.events.last?["user_agent.original"], .string("aws-sdk\u{0}java/2.20.0 Linux/5.10"))
    }

    func testInvalidUTF8InValuesTheProjectionSkipsAndInMemberNames() throws {
        func line(_ id: String, replacing: String, with bytes: [UInt8]) -> [UInt8] {
            let parts = Fixture.cloudTrailRecord(id: id).components(separatedBy: replacing)
            precondition(parts.count == 2)
            return Array(parts[0].utf8) + bytes + Array(parts[1].utf8) + [0x0A]
        }
        var bytes = Array(MalformedInput.cloudTrailLines(["e1"]).utf8)
        bytes += line("e2", replacing: "Linux/5.10", with: [0xC3, 0x28])  // a lead byte without its continuation
        bytes += line("e3", replacing: "Linux/5.10", with: [0xC0, 0xAF])  // an overlong '/'
        bytes += line("e4", replacing: "Linux/5.10", with: [0xED, 0xA0, 0x80])  // a UTF-16 surrogate
        bytes += line("e5", replacing: "managementEvent", with: [0x6D, 0xFF, 0x67])  // in a member name
        bytes += line("e6", replacing: "Linux/5.10", with: Array("Linux/5.10 (\u{00E9}t\u{00E9})".utf8))  // valid
        let path = try Fixture.write(bytes, to: "\(dir)/utf8.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e6"])
        XCTAssertEqual(outcome.malformed.map(\.origin.line), [2, 3, 4, 5])
        XCTAssertTrue(outcome.malformed.allSatisfy { $0.reason.contains("invalid UTF-8") }, "\(outcome.malformed)")
    }

    func testBinaryFilesAndBinaryLinesAfterTheDetectedPrefix() throws {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let pixels: [UInt8] = (0..<2048).map { (i: Int) -> UInt8 in UInt8((i * 37 + 11) % 256) }
        let pngPath = try Fixture.write(signature + pixels, to: "\(dir)/a-logo.png")
        let noise: [UInt8] = (0..<8192).map { (i: Int) -> UInt8 in UInt8((i * 181 + 29) % 251) }
        let gzNoise = try Fixture.write(Fixture.gzip(noise), to: "\(dir)/b-noise.gz")
        // A log whose first 64 KiB are good records, followed by one line of binary bytes (no line ends).
        let lead = (1...100).map { Fixture.cloudTrailRecord(id: "e\($0)") }.joined(separator: "\n") + "\n"
        let garbage: [UInt8] = (0..<4096).map { (i: Int) -> UInt8 in
            let b = UInt8((i * 131 + 7) % 256)
            return b == 0x0A ? 0x0B : b
        }
        var tailedBytes: [UInt8] = Array(lead.utf8) + garbage
        tailedBytes += [0x0A] + Array(Fixture.cloudTrailRecord(id: "e102").utf8)
        let tailed = try Fixture.write(tailedBytes, to: "\(dir)/c-tailed.ndjson")
        let outcome = try MalformedInput.readEveryWay([pngPath, gzNoise, tailed], projection: ct)
        XCTAssertEqual(outcome.summaries.map(\.events), [0, 0, 101])
        XCTAssertEqual(outcome.summaries.map(\.malformed), [1, 1, 1])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: pngPath, line: 0), Origin(file: gzNoise, line: 0), Origin(file: tailed, line: 101)])
        XCTAssertEqual(outcome.malformed[0].reason, "binary content, not a log format pumpwatch reads")
        XCTAssertEqual(outcome.malformed[1].reason, "binary content, not a log format pumpwatch reads")
        XCTAssertEqual(ids(outcome).last, "e102")
    }

    // MARK: - JSON structure

    func testDeepNestingInALineInARecordsArrayAndAsAWholeFile() throws {
        let deep = String(repeating: "[", count: 100_000)
        let deepValue: String = #""readOnly":"# + deep + String(repeating: "]", count: 100_000)
        let nestedLine: String = Fixture.cloudTrailRecord(id: "e2").replacingOccurrences(of: #""readOnly":false"#, with: deepValue)
        let objects: String = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let objectLine: String = #"{"eventVersion":"1.08","x":"# + objects + "}"
        let lineTexts: [String] = [Fixture.cloudTrailRecord(id: "e1"), nestedLine, objectLine, Fixture.cloudTrailRecord(id: "e4")]
        let lines = try Fixture.write(lineTexts.joined(separator: "\n") + "\n", to: "\(dir)/a-deep.ndjson")
        // The deep record comes after the 64 KiB that format detection parses (detection stops at
        // 64 levels and then takes the file for NDJSON); the records around it are read.
        let lead = (1...100).map { Fixture.cloudTrailRecord(id: "w\($0)") }.joined(separator: ",")
        let wrapped = try Fixture.write("{\"Records\":[" + lead + "," + nestedLine + "," + Fixture.cloudTrailRecord(id: "e7") + "]}", to: "\(dir)/b-deep.json")
        let bare = try Fixture.write(deep, to: "\(dir)/c-brackets.json")
        let outcome = try MalformedInput.readEveryWay([lines, wrapped, bare], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e4"] + (1...100).map { "w\($0)" } + ["e7"])
        XCTAssertEqual(outcome.malformed.map(\.origin), [
            Origin(file: lines, line: 2), Origin(file: lines, line: 3), Origin(file: wrapped, line: 1, record: 101), Origin(file: bare, line: 1, record: 1),
        ])
        XCTAssertTrue(outcome.malformed[0].reason.contains("nesting deeper than 512"), outcome.malformed[0].reason)
        XCTAssertTrue(outcome.malformed[1].reason.contains("nesting deeper than 512"), outcome.malformed[1].reason)
        XCTAssertTrue(outcome.malformed[2].reason.contains("nesting deeper than 512"), outcome.malformed[2].reason)
        XCTAssertEqual(outcome.malformed[3].reason, "record cut off at end of input")
    }

    func testDuplicateMemberNamesGiveOneEventThatEveryPathReadsAlike() throws {
        let record = Fixture.cloudTrailRecord(id: "first").replacingOccurrences(
            of: #""eventName":"Publish""#, with: #""eventName":"Publish","eventID":"second","eventName":"DeleteTopic""#)
        let path = try Fixture.write([Fixture.cloudTrailRecord(id: "e1"), record].joined(separator: "\n") + "\n", to: "\(dir)/dup.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: ct)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.count, 2)
        // The full and fast paths agree (checked above); the first occurrence of a name is the one read.
        XCTAssertEqual(outcome.events[1]["event.action"], .string("Publish"))
        XCTAssertEqual(outcome.events[1]["event.id"], .string("second"))
    }

    func testNumbersBeyondSixtyFourBits() throws {
        let big = Fixture.cloudTrailRecord(id: "e1").replacingOccurrences(
            of: #""readOnly":false"#, with: #""readOnly":false,"additionalEventData":{"bytes":123456789012345678901234567890,"debt":-99999999999999999999,"tiny":1e-400,"huge":1e400}"#)
        let hugeTime = #"{"eventVersion":"1.08","eventTime":1e400,"eventSource":"sns.amazonaws.com","eventName":"Publish"}"#
        let ctPath = try Fixture.write([big, hugeTime, Fixture.cloudTrailRecord(id: "e3")].joined(separator: "\n") + "\n", to: "\(dir)/a-big.ndjson")
        let generic = try Fixture.write(#"{"user":"alice","quota":18446744073709551616,"time":"2026-11-20T10:00:00Z"}"# + "\n" + #"{"user":"bob","quota":-9223372036854775809}"# + "\n", to: "\(dir)/b-app.ndjson")
        let outcome = try MalformedInput.readEveryWay([ctPath, generic], projection: ct, ways: [.full, .projected])
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 2])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: ctPath, line: 2)])
        XCTAssertEqual(outcome.malformed.first?.reason, "eventTime \"Infinity\" is not a date")
        XCTAssertEqual(outcome.events[0]["aws.cloudtrail.flattened.additional_eventdata.bytes"], .double(1.2345678901234568e29))
        XCTAssertEqual(outcome.events[2]["quota"], .double(18_446_744_073_709_551_616.0))
        XCTAssertEqual(outcome.events[3]["quota"], .double(-9_223_372_036_854_775_808.0))
    }

    func testValidJSONThatIsNotAnObject() throws {
        let lines = [Fixture.cloudTrailRecord(id: "e1"), "42", #""Publish""#, "null", "true", "[]", "[1,2]", "{}", Fixture.cloudTrailRecord(id: "e9")]
        let ctPath = try Fixture.write(lines.joined(separator: "\n") + "\n", to: "\(dir)/a-trail.ndjson")
        let generic = try Fixture.write([#"{"user":"alice"}"#, "[1]", "3.5", #"{"user":"bob"}"#].joined(separator: "\n"), to: "\(dir)/b-app.ndjson")
        let outcome = try MalformedInput.readEveryWay([ctPath, generic], projection: ct, ways: [.full, .projected])
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 2])
        XCTAssertEqual(outcome.malformed.map(\.origin), (2...8).map { Origin(file: ctPath, line: $0) } + [Origin(file: generic, line: 2), Origin(file: generic, line: 3)])
        XCTAssertEqual(outcome.malformed.map(\.reason), [
            "a CloudTrail record must be a JSON object", "a CloudTrail record must be a JSON object",
            "a CloudTrail record must be a JSON object", "a CloudTrail record must be a JSON object",
            "the CloudTrail record is empty", "a CloudTrail Lake result row must hold objects", "the CloudTrail record is empty",
            "expected a JSON object", "expected a JSON object",
        ])
    }

    func testJSONArraysWithATrailingComma() throws {
        // Longer than the 64 KiB format detection parses, so that the comma is met by the splitter
        // (within those 64 KiB, detection fails on the comma and takes the file for NDJSON).
        let records = (1...100).map { Fixture.cloudTrailRecord(id: "e\($0)") }.joined(separator: ",\n")
        let events = (1...200).map { Fixture.twilioEvent(id: "EZ\($0)") }.joined(separator: ",")
        let array = try Fixture.write("[" + records + ",\n]\n", to: "\(dir)/a-array.json")
        let wrapped = try Fixture.write("{\"Records\": [\n" + records + ",\n]}", to: "\(dir)/b-records.json")
        let batch = try Fixture.write("[" + events + ",]", to: "\(dir)/c-events.json")
        let outcome = try MalformedInput.readEveryWay([array, wrapped, batch], projection: ct, ways: [.full, .projected])
        XCTAssertEqual(outcome.summaries.map(\.events), [100, 100, 200])
        XCTAssertEqual(outcome.summaries.map(\.format), [.cloudtrail, .cloudtrail, .twilioEvents])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: array, line: 101), Origin(file: wrapped, line: 102), Origin(file: batch, line: 1)])
        XCTAssertTrue(outcome.malformed.allSatisfy { $0.reason == "expected an array element, found ']'; rest of file skipped" }, "\(outcome.malformed)")
    }

    func testRecordsArrayCutAtEveryKindOfPlace() throws {
        let full = "{\"Records\": [\n" + Fixture.cloudTrailRecord(id: "e1") + ",\n" + Fixture.cloudTrailRecord(id: "e2") + "\n]}"
        let cuts: [(name: String, text: String, origin: (line: Int, record: Int?), reason: String)] = [
            ("after-comma", String(full[..<full.range(of: ",\n")!.upperBound]), (3, nil), "document cut off at end of input"),
            ("in-string", String(full[..<full.range(of: "b1c2d3-e2")!.lowerBound]), (3, 2), "record cut off at end of input"),
            ("after-array", String(full.dropLast()), (4, nil), "document cut off at end of input"),
            ("in-name", String(full[..<full.range(of: "Recor")!.upperBound]), (1, nil), "invalid JSON: unterminated string at byte 7 of the record"),
        ]
        for cut in cuts {
            let path = try Fixture.write(cut.text, to: "\(dir)/\(cut.name).json")
            let outcome = try MalformedInput.readEveryWay([path], projection: ct, ways: [.full, .projected])
            let expected = cut.name == "in-name" ? [String]() : cut.name == "after-comma" || cut.name == "in-string" ? ["e1"] : ["e1", "e2"]
            XCTAssertEqual(ids(outcome), expected, cut.name)
            XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: path, line: cut.origin.line, record: cut.origin.record), reason: cut.reason)], cut.name)
        }
    }

    func testRecordLargerThanTheLimitInsideARecordsArray() throws {
        let big = Fixture.cloudTrailRecord(id: "e2").replacingOccurrences(of: "HIDDEN_DUE_TO_SECURITY_REASONS", with: String(repeating: "h", count: 2 << 20))
        let text = "{\"Records\":[\n" + Fixture.cloudTrailRecord(id: "e1") + ",\n" + big + ",\n" + Fixture.cloudTrailRecord(id: "e3") + "\n]}\n"
        let path = try Fixture.write(Fixture.gzip(text), to: "\(dir)/big.json.gz")
        for way in [MalformedInput.Way.full, .projected] {
            let outcome = try MalformedInput.read([path], way: way, projection: ct) { $0.maxRecordBytes = 1 << 20 }
            XCTAssertEqual(ids(outcome), ["e1", "e3"], "\(way)")
            XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: path, line: 3, record: 2), reason: "record larger than 1048576 bytes, skipped")], "\(way)")
        }
    }

    // MARK: - Line ends and marks

    func testByteOrderMarksAtTheStartAndInTheMiddle() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let gz = try Fixture.write(Fixture.gzip(bom + Array(MalformedInput.cloudTrailLines(["e1", "e2"]).utf8)), to: "\(dir)/a.ndjson.gz")
        let middle = try Fixture.write(Array(MalformedInput.cloudTrailLines(["e3"]).utf8) + bom + Array(MalformedInput.cloudTrailLines(["e4", "e5"]).utf8), to: "\(dir)/b.ndjson")
        let only = try Fixture.write(bom + [0x0A], to: "\(dir)/c-only.json")
        let falcon = try Fixture.write(bom + Array((MalformedInput.falconRecord(id: "f1") + "\n" + MalformedInput.falconRecord(id: "f2")).utf8), to: "\(dir)/d-falcon.ndjson")
        let outcome = try MalformedInput.readEveryWay([gz, middle, only], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e2", "e3", "e5"])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: middle, line: 2), Origin(file: only, line: 0)])
        XCTAssertTrue(outcome.malformed[0].reason.hasPrefix("invalid JSON"), outcome.malformed[0].reason)
        XCTAssertEqual(outcome.malformed[1].reason, "empty file")
        let falconOutcome = try MalformedInput.readEveryWay([falcon], projection: MalformedInput.falconProjection)
        XCTAssertEqual(falconOutcome.events.map { $0["aid"] }, [.string("f1"), .string("f2")])
        XCTAssertEqual(falconOutcome.malformed, [])
    }

    func testCRLFLineEndsCountLinesLikeLF() throws {
        let wrapped = "{\"Records\": [\n" + Fixture.cloudTrailRecord(id: "e1") + ",\n\n" + Fixture.cloudTrailRecord(id: "e2") + ",\n 5\n]}\n"
        let records = try Fixture.write(wrapped.replacingOccurrences(of: "\n", with: "\r\n"), to: "\(dir)/a-records.json")
        let falconText = [MalformedInput.falconRecord(id: "f1"), "", "{broken", MalformedInput.falconRecord(id: "f4"), "   ", MalformedInput.falconRecord(id: "f6")]
            .joined(separator: "\r\n") + "\r\n"
        let falcon = try Fixture.write(String(repeating: falconText, count: 3), to: "\(dir)/b-falcon.ndjson")
        let outcome = try MalformedInput.readEveryWay([records, falcon], projection: MalformedInput.falconProjection)
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 9])
        XCTAssertEqual(outcome.events.filter { $0.format == .cloudtrail }.map(\.origin), [Origin(file: records, line: 2, record: 1), Origin(file: records, line: 4, record: 2)])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: records, line: 5, record: 3), Origin(file: falcon, line: 3), Origin(file: falcon, line: 9), Origin(file: falcon, line: 15)])
        XCTAssertEqual(outcome.events.filter { $0.format == .falcon }.map(\.origin.line), [1, 4, 6, 7, 10, 12, 13, 16, 18])
    }

    // MARK: - Formats

    func testMixedFormatsInOneFileFollowTheFirstRecord() throws {
        let access = Fixture.accessLine()
        let trailFirst = try Fixture.write([Fixture.cloudTrailRecord(id: "e1"), MalformedInput.falconRecord(id: "f2"), access, #"{"user":"alice"}"#, Fixture.twilioEvent(id: "EZ5"), Fixture.cloudTrailRecord(id: "e6")].joined(separator: "\n"), to: "\(dir)/a-trail.ndjson")
        let falconFirst = try Fixture.write([MalformedInput.falconRecord(id: "f1"), access, Fixture.cloudTrailRecord(id: "e3")].joined(separator: "\n"), to: "\(dir)/b-falcon.ndjson")
        let accessFirst = try Fixture.write([access, Fixture.cloudTrailRecord(id: "e2"), access].joined(separator: "\n"), to: "\(dir)/c-access.log")
        let outcome = try MalformedInput.readEveryWay([trailFirst, falconFirst, accessFirst], projection: ct, ways: [.full, .projected])
        XCTAssertEqual(outcome.summaries.map(\.format), [.cloudtrail, .falcon, .webAccess])
        // Every JSON object is a Falcon event in a Falcon file; a CloudTrail file needs CloudTrail's members.
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 2, 2])
        XCTAssertEqual(outcome.malformed.map(\.origin), [
            Origin(file: trailFirst, line: 2), Origin(file: trailFirst, line: 3), Origin(file: trailFirst, line: 4), Origin(file: trailFirst, line: 5),
            Origin(file: falconFirst, line: 2), Origin(file: accessFirst, line: 2),
        ])
        XCTAssertEqual(outcome.malformed[0].reason, "the CloudTrail record has no eventTime")
        XCTAssertTrue(outcome.malformed[1].reason.hasPrefix("invalid JSON"), outcome.malformed[1].reason)
        XCTAssertTrue(outcome.malformed[5].reason.hasPrefix("not an access log line"), outcome.malformed[5].reason)
    }

    func testFalconLinesWithATimestampThatIsNotANumber() throws {
        let lines = [
            MalformedInput.falconRecord(id: "f1"),
            MalformedInput.falconRecord(id: "f2", timestamp: #""yesterday""#),  // falls back to ContextTimeStamp
            MalformedInput.falconRecord(id: "f3", timestamp: #""0x1A2B""#, contextTime: nil),  // no time at all
            MalformedInput.falconRecord(id: "f4").replacingOccurrences(of: #""event_simpleName""#, with: #""@timestamp":"last tuesday","event_simpleName""#),
            MalformedInput.falconRecord(id: "f5", timestamp: #""1763632900000""#),
        ]
        let path = try Fixture.write(lines.joined(separator: "\n") + "\n", to: "\(dir)/falcon.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: MalformedInput.falconProjection)
        XCTAssertEqual(outcome.events.map { $0["aid"] }, [.string("f1"), .string("f2"), .string("f3"), .string("f5")])
        XCTAssertEqual(outcome.events.map(\.timestampMillis), [1_763_632_800_000, 1_763_632_800_123, nil, 1_763_632_900_000])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: path, line: 4), reason: "@timestamp \"last tuesday\" is not a date")])
        XCTAssertEqual(outcome.summary.first, 1_763_632_800_000)
        XCTAssertEqual(outcome.summary.last, 1_763_632_900_000)
    }

    func testFalconTimestampsSpelledAsNaNOrInfinityAreNotNumbers() throws {
        // `Double("-nan")` and `Double("+infinity")` parse in Swift; taking them as epoch times trapped.
        let lines = [
            MalformedInput.falconRecord(id: "f1", timestamp: #""-nan""#, contextTime: nil),
            MalformedInput.falconRecord(id: "f2", timestamp: #""+infinity""#),
            MalformedInput.falconRecord(id: "f3", timestamp: #""1e400""#, contextTime: #""-inf""#),
            MalformedInput.falconRecord(id: "f4"),
        ]
        let path = try Fixture.write(lines.joined(separator: "\n") + "\n", to: "\(dir)/falcon-nan.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: MalformedInput.falconProjection)
        XCTAssertEqual(outcome.events.map { $0["aid"] }, [.string("f1"), .string("f2"), .string("f3"), .string("f4")])
        XCTAssertEqual(outcome.events.map(\.timestampMillis), [nil, 1_763_632_800_123, nil, 1_763_632_800_000])
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertNil(Value.parseNumber("-nan"))
        XCTAssertNil(Value.parseNumber("+inf"))
        XCTAssertNil(Value.parseNumber("1e400"))
        XCTAssertEqual(Value.parseNumber(" -2.5e3 "), -2500)
    }

    func testNumbersBeyond64BitsInTimesDurationsAndCountsAreReportedNotTrapped() throws {
        // Converting such doubles to Int64 trapped in the Falcon, messaging and app-request normalizers.
        let lines = [
            MalformedInput.falconRecord(id: "g1", timestamp: "1e300", contextTime: nil),
            MalformedInput.falconRecord(id: "g2", timestamp: "123456789012345678901234567890", contextTime: nil),
            MalformedInput.falconRecord(id: "g3"),
        ]
        let path = try Fixture.write(lines.joined(separator: "\n") + "\n", to: "\(dir)/falcon-huge.ndjson")
        let outcome = try MalformedInput.readEveryWay([path], projection: MalformedInput.falconProjection)
        XCTAssertEqual(outcome.events.map { $0["aid"] }, [.string("g3")])
        XCTAssertEqual(outcome.malformed.map(\.origin), [Origin(file: path, line: 1), Origin(file: path, line: 2)])
        XCTAssertNil(MessagingFields.integer(.double(1e30)))
        XCTAssertEqual(MessagingFields.integer(.double(3)), 3)
    }

    func testAccessLogLinesCutInHalf() throws {
        let good = Fixture.accessLine()
        let lines = [
            good,
            String(good.prefix(good.count / 2)),  // inside the request
            good,
            String(good[..<good.range(of: ":10:00")!.lowerBound]),  // inside the time
            "203.0.113.7 - -",  // before the time
            good,
            String(good.prefix(12)),  // inside the address, at the end of the file
        ]
        let path = try Fixture.write(lines.joined(separator: "\n"), to: "\(dir)/access.log")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summary.format, .webAccess)
        XCTAssertEqual(outcome.events.map(\.origin.line), [1, 3, 6])
        XCTAssertEqual(outcome.malformed.map(\.origin), [2, 4, 5, 7].map { Origin(file: path, line: $0) })
        XCTAssertTrue(outcome.malformed.allSatisfy { $0.reason.hasPrefix("not an access log line in the combined format") }, "\(outcome.malformed)")
    }

    func testEmptyFilesOfEveryKind() throws {
        let paths = [
            try Fixture.write([], to: "\(dir)/a-zero.json.gz"),
            try Fixture.write(Fixture.gzip("   \n\n"), to: "\(dir)/b-blank.json.gz"),
            try Fixture.write([0xEF, 0xBB, 0xBF], to: "\(dir)/c-bom.json"),
            try Fixture.write("\r\n\t\r\n", to: "\(dir)/d-crlf.ndjson"),
        ]
        let outcome = try MalformedInput.readEveryWay(paths, projection: ct)
        XCTAssertEqual(outcome.summaries, paths.map { FileSummary(path: $0, malformed: 1) })
        XCTAssertEqual(outcome.malformed, paths.map { MalformedRecord(origin: Origin(file: $0, line: 0), reason: "empty file") })
    }

    // MARK: - Files and directories

    func testDirectoryLoopsThroughSymbolicLinks() throws {
        try Fixture.write(MalformedInput.cloudTrailLines(["e1", "e2"]), to: "\(dir)/logs/a/trail.ndjson")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/logs/a/b-up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/logs/c-ping", withDestinationPath: "\(dir)/logs/d-pong")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/logs/d-pong", withDestinationPath: "\(dir)/logs/c-ping")
        let outcome = try MalformedInput.readEveryWay([dir], projection: ct)
        XCTAssertEqual(ids(outcome), ["e1", "e2"])
        XCTAssertEqual(outcome.malformed.map(\.origin), [
            Origin(file: "\(dir)/logs/a/b-up", line: 0), Origin(file: "\(dir)/logs/c-ping", line: 0), Origin(file: "\(dir)/logs/d-pong", line: 0),
        ])
        XCTAssertEqual(outcome.malformed.map(\.reason), [
            "symbolic link loop: directory already being walked", "symbolic link loop", "symbolic link loop",
        ])
    }

    func testUnreadableFileIsReportedAndTheRunGoesOn() throws {
        guard geteuid() != 0 else { throw XCTSkip("running as root: a file with mode 000 is still readable") }
        let locked = try Fixture.write(MalformedInput.cloudTrailLines(["e1"]), to: "\(dir)/a-locked.ndjson")
        try Fixture.write(MalformedInput.cloudTrailLines(["e2"]), to: "\(dir)/b-open.ndjson")
        XCTAssertEqual(chmod(locked, 0), 0)
        let outcome = try MalformedInput.readEveryWay([dir], projection: ct)
        XCTAssertEqual(ids(outcome), ["e2"])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: locked, line: 0), reason: "cannot open file: Permission denied")])
    }

    func testFileThatFailsWhenReadIsReported() throws {
        // Opening /proc/self/mem works for any user, but reading at offset 0 fails with EIO.
        let mem = "/proc/self/mem"
        guard FileManager.default.fileExists(atPath: mem) else { throw XCTSkip("no /proc") }
        let good = try Fixture.write(MalformedInput.cloudTrailLines(["e1"]), to: "\(dir)/trail.ndjson")
        let outcome = try Fixture.read([mem, good])
        XCTAssertEqual(ids(outcome), ["e1"])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: mem, line: 0), reason: "read failed at byte 0: Input/output error")])
        XCTAssertEqual(outcome.summaries, [FileSummary(path: mem, malformed: 1), FileSummary(path: good, format: .cloudtrail, events: 1, first: outcome.summaries[1].first, last: outcome.summaries[1].last)])
    }

    func testFileThatDisappearsBetweenWalkAndRead() throws {
        let first = try Fixture.write(MalformedInput.cloudTrailLines(["e1", "e2"]), to: "\(dir)/a.ndjson")
        let gone = try Fixture.write(MalformedInput.cloudTrailLines(["e3"]), to: "\(dir)/b.ndjson")
        let last = try Fixture.write(MalformedInput.cloudTrailLines(["e4"]), to: "\(dir)/c.ndjson")
        var outcome = Fixture.Outcome()
        outcome.summaries = try SourceReader(options: Fixture.options()).read(
            paths: [dir],
            onEvent: { event in
                outcome.events.append(event)
                if event.origin.file == first { try? FileManager.default.removeItem(atPath: gone) }
            },
            onMalformed: { outcome.malformed.append($0) })
        XCTAssertEqual(ids(outcome), ["e1", "e2", "e4"])
        XCTAssertEqual(outcome.summaries.map(\.path), [first, gone, last])
        XCTAssertEqual(outcome.summaries.map(\.events), [2, 0, 1])
        XCTAssertEqual(outcome.malformed, [MalformedRecord(origin: Origin(file: gone, line: 0), reason: "cannot open file: No such file or directory")])
    }

    // MARK: - Strict mode

    func testStrictModeStopsAtTheFirstMalformedRecordOfAnyKindWithItsLocation() throws {
        try Fixture.write(MalformedInput.cloudTrailLines(["e1", "e2"]), to: "\(dir)/a.ndjson")
        let bad = try Fixture.write([Fixture.cloudTrailRecord(id: "e3"), "[1,2]", Fixture.cloudTrailRecord(id: "e5")].joined(separator: "\n"), to: "\(dir)/b.ndjson")
        try Fixture.write(MalformedInput.cloudTrailLines(["e6"]), to: "\(dir)/c.ndjson")
        for projection in [FieldProjection.all, ct] {
            var events: [String] = []
            var reports: [MalformedRecord] = []
            let reader = SourceReader(options: Fixture.options { $0.strict = true; $0.projection = projection })
            XCTAssertThrowsError(try reader.read(paths: [dir], onEvent: { events.append($0["event.id"]?.stringValue ?? "") }, onMalformed: { reports.append($0) })) { error in
                guard let strict = error as? StrictModeError else { return XCTFail("\(error)") }
                XCTAssertEqual(strict.record, MalformedRecord(origin: Origin(file: bad, line: 2), reason: "a CloudTrail Lake result row must hold objects"))
                XCTAssertEqual(strict.description, "strict mode: \(bad):2: malformed record: a CloudTrail Lake result row must hold objects")
            }
            XCTAssertEqual(events, ["e1", "e2", "e3"])
            XCTAssertEqual(reports.count, 1)
        }
    }

    func testStrictModeStopsAtACutGzipStreamWithTheLineReached() throws {
        let (bytes, flushes) = MalformedInput.gzipFlushed([Array(MalformedInput.cloudTrailLines(["e1", "e2"]).utf8), Array(MalformedInput.cloudTrailLines(["e3"]).utf8)])
        let path = try Fixture.write(Array(bytes[0..<(flushes[0] + 3)]), to: "\(dir)/cut.ndjson.gz")
        var events = 0
        XCTAssertThrowsError(try SourceReader(options: Fixture.options { $0.strict = true }).read(paths: [path], onEvent: { _ in events += 1 }, onMalformed: { _ in })) { error in
            guard let strict = error as? StrictModeError else { return XCTFail("\(error)") }
            XCTAssertEqual(strict.record.origin, Origin(file: path, line: 3))
            XCTAssertTrue(strict.record.reason.hasPrefix("gzip stream truncated"), strict.record.reason)
        }
        XCTAssertEqual(events, 2)
    }
}
