import CByteScan
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// The skim (`pw_skim_record`, `RecordSkim`) passes only records it checked completely, and a
/// builder that skips records with it gives exactly what the full path gives: the same events and
/// branch masks, the same malformed records, the same counts and times.
final class RecordSkimTests: XCTestCase {
    // MARK: - The C pass

    /// `pw_skim_record` on `doc` with the CloudTrail members and texts `Publish` and `sns.amazonaws.com`,
    /// stopping once both were seen: the verdict, the texts seen and the named members' contents.
    private func skim(_ doc: [UInt8], stopMasks: [UInt32] = [3], lines: Bool = false) -> (Int32, UInt32, [String?], Int) {
        let names = ["eventTime", "eventName", "eventSource"].map { Array($0.utf8) }
        let texts = ["Publish", "sns.amazonaws.com"].map { Array($0.utf8) }
        var keep: [UnsafeMutablePointer<UInt8>] = []
        defer { keep.forEach { $0.deallocate() } }
        func place(_ b: [UInt8]) -> UnsafePointer<UInt8> {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, b.count))
            p.initialize(from: b, count: b.count)
            keep.append(p)
            return UnsafePointer(p)
        }
        var spec = pw_skim_spec()
        spec.names = (place(names[0]), place(names[1]), place(names[2]), nil)
        spec.nameLengths = (9, 9, 11, 0)
        spec.nameCount = 3
        spec.texts = (place(texts[0]), place(texts[1]), nil, nil, nil, nil, nil, nil)
        spec.textLengths = (7, 17, 0, 0, 0, 0, 0, 0)
        spec.textCount = 2
        var masks = [UInt32](repeating: 0, count: 8)
        for (k, m) in stopMasks.enumerated() { masks[k] = m }
        spec.stopMasks = (masks[0], masks[1], masks[2], masks[3], masks[4], masks[5], masks[6], masks[7])
        spec.stopMaskCount = Int32(stopMasks.count)
        pw_skim_prepare(&spec)
        var starts = [Int32](repeating: 0, count: 4)
        var ends = [Int32](repeating: 0, count: 4)
        var seen: UInt32 = 0
        var end: Int64 = -1
        let padded = doc + [0]
        let verdict = padded.withUnsafeBytes { raw in
            pw_skim_record(
                raw.baseAddress!.assumingMemoryBound(to: UInt8.self), Int64(doc.count), lines ? 1 : 0, &spec, &starts, &ends, &seen, &end)
        }
        let contents = (0..<3).map { k in
            starts[k] < 0 ? nil : String(decoding: doc[Int(starts[k])..<Int(ends[k])], as: UTF8.self)
        }
        return (verdict, seen, contents, Int(end))
    }

    func testAPlainRecordIsCheckedAndItsMembersRead() {
        let doc = Array(#" {"eventVersion":"1.09","eventTime":"2026-11-20T10:00:00Z","n":[1,-2.5e-3,0,true,false,null,{},[]],"eventName":"GetObject","eventSource":"s3.amazonaws.com","o":{"eventName":"Publish2"}}  "#.utf8)
        let (verdict, seen, contents, _) = skim(doc)
        XCTAssertEqual(verdict, 1)
        XCTAssertEqual(seen, 0)
        XCTAssertEqual(contents, ["2026-11-20T10:00:00Z", "GetObject", "s3.amazonaws.com"])
    }

    func testTextsAreSeenAsWholeStringsAnywhereAndBothStopTheCheck() {
        let nested = Array(#"{"eventTime":"t","x":{"y":["Publish"]},"eventName":"A","eventSource":"B"}"#.utf8)
        XCTAssertEqual(skim(nested).0, 1)
        XCTAssertEqual(skim(nested).1, 1)
        let key = Array(#"{"sns.amazonaws.com":1,"eventTime":"t"}"#.utf8)
        XCTAssertEqual(skim(key).1, 2)
        XCTAssertEqual(skim(Array(#"{"a":"Publishing","b":"xPublish"}"#.utf8)).1, 0)
        // Both texts seen: the check stops there, even before a fault later in the record.
        let both = Array(#"{"eventSource":"sns.amazonaws.com","eventName":"Publish","broken":}"#.utf8)
        XCTAssertEqual(skim(both).0, 2)
        XCTAssertEqual(skim(both, stopMasks: [4]).0, 0)
        XCTAssertEqual(skim(both, stopMasks: [1, 2]).0, 2)
    }

    func testWhatTheScannerAloneCanJudgeIsLeftToIt() {
        let cases: [(String, [UInt8])] = [
            ("escape", Array(#"{"eventName":"Publi\u0073h"}"#.utf8)),
            ("escaped quote", Array(#"{"a":"say \"hi\""}"#.utf8)),
            ("non-ASCII", Array("{\"a\":\"café\"}".utf8)),
            ("Kelvin sign", Array("{\"eventName\":\"List\u{212A}eys\"}".utf8)),
            ("repeated member", Array(#"{"eventTime":"a","eventTime":"b"}"#.utf8)),
            ("member not a string", Array(#"{"eventTime":12}"#.utf8)),
            ("member an object", Array(#"{"eventName":{"a":"b"}}"#.utf8)),
            ("33 levels", Array(("{\"a\":" + String(repeating: "[", count: 32) + String(repeating: "]", count: 32) + "}").utf8)),
            ("top-level array", Array(#"["eventTime"]"#.utf8)),
            ("empty", []),
        ]
        for (name, doc) in cases { XCTAssertEqual(skim(doc).0, 0, name) }
        // 32 levels, the record's own object included, are followed.
        let deepest = Array(("{\"a\":" + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}").utf8)
        XCTAssertEqual(skim(deepest).0, 1)
        // A repeated member that is not named is fine.
        XCTAssertEqual(skim(Array(#"{"a":"x","a":"y"}"#.utf8)).0, 1)
    }

    func testALineEndsTheRecordAtItsLineFeed() {
        let line = Array(#"{"eventTime":"t","eventName":"A","eventSource":"B"}"#.utf8)
        let rest = Array(#"{"eventTime":"u"}"#.utf8)
        XCTAssertEqual(skim(line + [0x20, 0x0D, 0x0A] + rest, lines: true).3, line.count + 2)
        XCTAssertEqual(skim(line + [0x0D], lines: true).3, line.count + 1)
        XCTAssertEqual(skim(line + [0x0D, 0x0A] + rest, lines: true).2, ["t", "A", "B"])
        // Without line mode, the second record is trailing garbage; with it, a line feed inside
        // the record cuts it (the line is read the normal way, which reports it).
        XCTAssertEqual(skim(line + [0x0A] + rest).0, 0)
        XCTAssertEqual(skim(line + [0x0A, 0x20], lines: false).0, 1)
        XCTAssertEqual(skim(Array(#"{"eventTime":"#.utf8) + [0x0A] + Array(#""t"}"#.utf8), lines: true).0, 0)
        XCTAssertEqual(skim([0x0A] + line, lines: true).0, 0)
        XCTAssertEqual(skim([0xEF, 0xBB, 0xBF] + line, lines: true).0, 0)
    }

    /// Every record the skim passes, the parser and the scanner accept too; over broken lines,
    /// and over every cut and every one-byte change of valid records.
    func testTheSkimPassesNothingTheParserRejects() {
        let schema = ScanSchema(paths: [["eventTime"], ["eventName"], ["eventSource"]])
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        var documents = FastPathCorpus.brokenLines.map { Array($0.utf8) } + FastPathCorpus.invalidUTF8Lines
        let seeds = [
            #"{"eventTime":"2026-11-20T10:00:00Z","n":[1,-2.5e-3,0,true,false,null,{"k":{}}],"eventName":"A","eventSource":"x"}"#,
            #"{ "a" : [ 10 , "s" ] , "b" : -0.0E+1 }"#,
        ]
        documents += FastPathCorpus.mutations(of: seeds, replacements: Array(#"{}[]:,"\ 0-.eE+tfnx"#.utf8) + [0x01, 0x7F, 0xC3])
        var passed = 0
        for doc in documents where skim(doc, stopMasks: []).0 == 1 {
            passed += 1
            let text = String(decoding: doc, as: UTF8.self)
            XCTAssertNoThrow(try JSONParser.parse(doc), text)
            XCTAssertTrue(doc.withUnsafeBytes { RecordScanner.scan($0, schema: schema, into: values) }, text)
        }
        XCTAssertGreaterThan(passed, 50)
    }

    func testTextsThatCouldBeAnotherValuesTextAreNotLookedFor() {
        XCTAssertTrue(RecordSkim.qualifies("Publish"))
        XCTAssertTrue(RecordSkim.qualifies("us-east-1"))
        for text in ["", "123", "-1.5e3", "true", "null", "{\"a\":1}", "[1]", "say \"hi\"", "a\\b", "café", "tab\there"] {
            XCTAssertFalse(RecordSkim.qualifies(text), text)
        }
    }

    // MARK: - The builder

    /// Tests the shapes on built events, as the query engine would.
    private final class ShapeTester: EventConditionTester {
        let conditions: [EventCondition]
        init(_ conditions: [EventCondition]) { self.conditions = conditions }
        func holds(_ index: Int, fields: [String: Value]) -> Bool {
            let c = conditions[index]
            switch (c.shape, fields[c.fields[0]]) {
            case (.equals(let t)?, .string(let s)?): return s == t
            case (.compareDate(let op, let bound)?, .date(let ms)?): return op.holds(ms, bound)
            case (nil, let v): return v != nil
            default: return false
            }
        }
    }

    private static let conditions = [
        EventCondition(fields: ["event.provider"], shape: .equals("sns.amazonaws.com")),
        EventCondition(fields: ["event.action"], shape: .equals("Publish")),
        EventCondition(fields: ["@timestamp"], shape: .compareDate(.greater, 1_795_168_801_000)),
        EventCondition(fields: ["event.action"], shape: .equals("ListKeys")),
        EventCondition(fields: ["cloud.region"], shape: .equals("us-west-2")),
        EventCondition(fields: ["event.outcome"], shape: .equals("failure")),
    ]
    private static let branches = [[0, 1, 2], [3], [4, 5]]

    /// Records whose fate only the full reading can tell, next to records the skim passes.
    private static let trickyLines: [String] = [
        #"{"eventTime":"2026-11-20T10:00:20Z","eventSource":"sns.amazonaws.com","eventName":"Publi\u0073h"}"#,
        "{\"eventTime\":\"2026-11-20T10:00:21Z\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"List\u{212A}eys\"}",
        #"{"eventTime":"2026-11-20T10:00:22Z","eventTime":"2026-11-25T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#,
        #"{"eventTime":"2026-11-20T10:00:23Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","Publish":{"sns.amazonaws.com":1}}"#,
        #"{"eventTime":"2026-11-20T10:00:24Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-west-2","errorCode":"Denied"}"#,
        #"{"eventTime":"2026-11-20T10:00:25Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","x":""# + String(repeating: "a", count: 70) + "\"}",
        #"{"eventTime":"2026-11-27T10:00:26Z","eventSource":"sns.amazonaws.com","eventName":"Publish"}"#,
        #"{"eventTime":"2026-11-20T10:00:27Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","r":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}",
        #"{"eventTime":"2026-11-19T10:00:28Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#,
        #"{"eventTime":"2026-11-29T10:00:29.125Z","eventSource":"s3.amazonaws.com","eventName":"PutObject"}"#,
        #"{"eventTime":"2026-11-20T10:00:30+01:00","eventSource":"s3.amazonaws.com","eventName":"PutObject"}"#,
    ]

    func testABuilderThatSkimsGivesWhatTheFullPathGives() throws {
        let conditions = Self.conditions
        let filter = EventFilter(conditions: conditions, branches: Self.branches, makeTester: { ShapeTester(conditions) })
        var names = Set(conditions.flatMap(\.fields))
        names.insert("event.id")
        let projection = FieldProjection(names: names)
        let built = try XCTUnwrap(FastPathSupport.builder(for: .cloudtrail, projection: projection, filter: filter, readsShapes: false))
        let builder = try XCTUnwrap(built as? ProjectedEventBuilder<CloudTrailProjector>)
        let tester = ShapeTester(conditions)
        let reader = FormatReaders.reader(for: .cloudtrail)
        var lines = FastPathCorpus.cloudTrail + FastPathCorpus.brokenLines + Self.trickyLines
        lines += lines
        var expectedCount = 0
        var expectedTimes: [Int64] = []
        var taken = 0
        for (n, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            let raw = RawRecord(bytes: bytes, line: n + 1, index: 1)
            var expected: Result<[(Event, UInt64)], MalformedRecord>
            do {
                var events = try reader.events(of: raw, origin: reader.origin(of: raw, path: "skim.ndjson", layout: .lines))
                expectedCount += events.count
                expectedTimes += events.compactMap(\.timestampMillis)
                var out: [(Event, UInt64)] = []
                for i in events.indices {
                    var mask: UInt64 = 0
                    for (b, conds) in Self.branches.enumerated() where conds.allSatisfy({ tester.holds($0, fields: events[i].fields) }) {
                        mask |= 1 << UInt64(b)
                    }
                    let timestamp = events[i].fields["@timestamp"]
                    projection.apply(to: &events[i].fields)
                    if let timestamp { events[i].fields["@timestamp"] = timestamp }
                    if mask != 0 { out.append((events[i], mask)) }
                }
                expected = .success(out)
            } catch {
                expected = .failure(error)
            }
            var got: [(Event, UInt64)] = []
            let bad = bytes.withUnsafeBytes { b in
                builder.read(b, line: n + 1, index: 1, path: "skim.ndjson", layout: .lines, emit: { got.append(($0, $1)) })
            }
            switch expected {
            case .success(let events):
                XCTAssertNil(bad, line)
                XCTAssertEqual(got.map(\.1), events.map(\.1), line)
                XCTAssertEqual(got.map(\.0.fields), events.map(\.0.fields), line)
                taken += got.count
            case .failure(let error):
                XCTAssertEqual(bad, error, line)
            }
        }
        XCTAssertEqual(builder.eventCount, expectedCount)
        XCTAssertEqual(builder.firstMillis, expectedTimes.min())
        XCTAssertEqual(builder.lastMillis, expectedTimes.max())
        XCTAssertGreaterThan(taken, 50)
        // Most records were skipped, so the comparison above tested the skim.
        XCTAssertGreaterThan(builder.skimmedRecords, lines.count / 3)
    }

    func testABranchWithoutATextLeavesNoSkim() throws {
        let conditions = Self.conditions
        for branches in [[[0, 1], [2]], [[5]], []] {
            let filter = EventFilter(conditions: conditions, branches: branches, makeTester: { ShapeTester(conditions) })
            let built = FastPathSupport.builder(
                for: .cloudtrail, projection: FieldProjection(names: Set(conditions.flatMap(\.fields))), filter: filter, readsShapes: false)
            let builder = try XCTUnwrap(built as? ProjectedEventBuilder<CloudTrailProjector>)
            for line in FastPathCorpus.cloudTrail {
                _ = Array(line.utf8).withUnsafeBytes { builder.read($0, line: 1, index: 1, path: "x", layout: .lines, emit: { _, _ in }) }
            }
            XCTAssertEqual(builder.skimmedRecords, 0, "\(branches)")
        }
    }

    func testTheSkimPausesWhenItSkipsTooLittle() throws {
        let conditions = [EventCondition(fields: ["event.action"], shape: .equals("GetObject"))]
        let filter = EventFilter(conditions: conditions, branches: [[0]], makeTester: { ShapeTester(conditions) })
        let projector = try XCTUnwrap(CloudTrailProjector(projection: FieldProjection(names: ["event.action", "event.id"])))
        let skim = try XCTUnwrap(RecordSkim(filter: filter, fieldIDs: [projector.fieldID("event.action")], projector: projector))
        let taken = Array(#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#.utf8)
        let other = Array(#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject"}"#.utf8)
        var checked = 0
        taken.withUnsafeBytes { b in
            for _ in 0..<RecordSkim.window { XCTAssertFalse(skim.skips(b)) }
        }
        // Paused: even a record it would skip is left to the normal reading.
        other.withUnsafeBytes { b in
            for _ in 0..<RecordSkim.pause where skim.skips(b) { checked += 1 }
            XCTAssertTrue(skim.skips(b))
        }
        XCTAssertEqual(checked, 0)
    }
}
