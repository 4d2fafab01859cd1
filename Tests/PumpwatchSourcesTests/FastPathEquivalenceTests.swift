import CZlib
import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// The fast path (on-demand scanner, projected normalizers, reader-side conditions, parallel
/// ranges) gives exactly what the full path gives: the same projected fields, the same malformed
/// records with the same lines and reasons, the same file summaries.
final class FastPathEquivalenceTests: XCTestCase {
    private let path = "corpus.ndjson"

    /// The full path's events for one record, projected as `SourceReader` projects them, or its error.
    private func fullPath(_ format: SourceFormat, _ bytes: [UInt8], projection: FieldProjection, line: Int = 3) -> Result<[Event], MalformedRecord> {
        let raw = RawRecord(bytes: bytes, line: line, index: 1)
        let reader = FormatReaders.reader(for: format)
        do {
            var events = try reader.events(of: raw, origin: reader.origin(of: raw, path: path, layout: .lines))
            for i in events.indices where projection.names != nil {
                let timestamp = events[i].fields["@timestamp"]
                projection.apply(to: &events[i].fields)
                if let timestamp { events[i].fields["@timestamp"] = timestamp }
            }
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    /// The fast path's events (with their branch masks) for one record, or its error.
    private func fastPath(
        _ builder: any RecordEventBuilding, _ bytes: [UInt8], line: Int = 3
    ) -> Result<[(Event, UInt64)], MalformedRecord> {
        var events: [(Event, UInt64)] = []
        let bad = bytes.withUnsafeBytes { b in
            builder.read(b, line: line, index: 1, path: path, layout: .lines, emit: { events.append(($0, $1)) })
        }
        if let bad { return .failure(bad) }
        return .success(events)
    }

    private func assertSame(
        _ format: SourceFormat, _ bytes: [UInt8], projection: FieldProjection, file: StaticString = #filePath, line: UInt = #line
    ) {
        // Scanning through record shapes (where the processor allows) and member by member.
        for readsShapes in Set([RecordShapeMemo.isAvailable, false]) {
            assertSame(format, bytes, projection: projection, readsShapes: readsShapes, file: file, line: line)
        }
    }

    private func assertSame(
        _ format: SourceFormat, _ bytes: [UInt8], projection: FieldProjection, readsShapes: Bool, file: StaticString, line: UInt
    ) {
        guard let builder = FastPathSupport.builder(for: format, projection: projection, filter: nil, readsShapes: readsShapes) else {
            return XCTFail("no fast path for \(projection)", file: file, line: line)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        switch (fullPath(format, bytes, projection: projection), fastPath(builder, bytes)) {
        case (.success(let a), .success(let b)):
            XCTAssertEqual(a.count, b.count, "events of \(text)", file: file, line: line)
            for (x, (y, mask)) in zip(a, b) {
                XCTAssertEqual(x.fields, y.fields, "fields of \(text)", file: file, line: line)
                XCTAssertEqual(x.origin, y.origin, file: file, line: line)
                XCTAssertEqual(x.format, y.format, file: file, line: line)
                XCTAssertEqual(mask, ~0, file: file, line: line)
            }
            XCTAssertEqual(builder.eventCount, a.count, file: file, line: line)
            XCTAssertEqual(builder.firstMillis, a.compactMap(\.timestampMillis).min(), file: file, line: line)
            XCTAssertEqual(builder.lastMillis, a.compactMap(\.timestampMillis).max(), file: file, line: line)
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual(a, b, "error of \(text)", file: file, line: line)
        case (let a, let b):
            XCTFail("full path \(a), fast path \(b) for \(text)", file: file, line: line)
        }
    }

    // MARK: - Projected normalization

    /// The CloudTrail fields the fast path serves, one projection each and all together.
    static let cloudTrailServed = CloudTrailProjector.Field.allCases.map(\.rawValue)

    func testMostRecordsTakeTheFastWay() {
        let ct = FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: ["event.action", "cloud.account.id"]), filter: nil)!
        for record in FastPathCorpus.cloudTrail { _ = fastPath(ct, Array(record.utf8)) }
        XCTAssertGreaterThan(ct.fastRecords, FastPathCorpus.cloudTrail.count * 8 / 10)
        let falcon = FastPathSupport.builder(for: .falcon, projection: FieldProjection(names: ["aid", "DomainName"]), filter: nil)!
        for record in FastPathCorpus.falcon { _ = fastPath(falcon, Array(record.utf8)) }
        XCTAssertGreaterThan(falcon.fastRecords, FastPathCorpus.falcon.count * 8 / 10)
    }

    func testCloudTrailProjectedFieldsMatchTheNormalizer() {
        let esqlSeed: Set<String> = [
            "@timestamp", "event.dataset", "event.provider", "event.action", "event.outcome", "aws.cloudtrail.request_parameters",
            "user_agent.original", "cloud.account.id", "aws.cloudtrail.user_identity.arn", "cloud.region", "source.address",
            "target_time_window", "user_agent_name", "sms_message_count",
        ]
        var projections: [Set<String>] = [Set(Self.cloudTrailServed).union(["not.a.field", "@rawstring"]), esqlSeed, ["@timestamp"]]
        for name in Self.cloudTrailServed { projections.append([name]) }
        projections.append(["user.name", "user.email", "user.id"])
        for record in FastPathCorpus.cloudTrail {
            for names in projections {
                assertSame(.cloudtrail, Array(record.utf8), projection: FieldProjection(names: names))
            }
        }
    }

    func testEveryCloudTrailFieldTheNormalizerProducesIsServedOrSendsTheFileTheFullWay() throws {
        // Every field name the normalizer produces over the corpus either is served by the fast
        // path, or makes it decline the projection (so the file is read the full way).
        var produced = Set<String>()
        for record in FastPathCorpus.cloudTrail {
            if case .success(let events) = fullPath(.cloudtrail, Array(record.utf8), projection: .all) {
                for e in events { produced.formUnion(e.fields.keys) }
            }
        }
        XCTAssertTrue(produced.contains("aws.cloudtrail.flattened.request_parameters.phoneNumber"))
        for name in produced {
            let builder = FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: [name]), filter: nil)
            if Self.cloudTrailServed.contains(name) || Self.isServedFlattened(name) {
                XCTAssertNotNil(builder, name)
            } else {
                XCTAssertNil(builder, "\(name) is produced but neither served nor declined")
            }
        }
        XCTAssertNil(FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: ["aws.*"]), filter: nil))
        XCTAssertNil(FastPathSupport.builder(for: .cloudtrail, projection: .all, filter: nil))
        XCTAssertNil(FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: ["aws.cloudtrail"]), filter: nil))
        XCTAssertNil(FastPathSupport.builder(for: .twilioMessages, projection: FieldProjection(names: ["sms.to"]), filter: nil))
        XCTAssertNil(FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: ["aws.cloudtrail.flattened"]), filter: nil))
        XCTAssertNil(
            FastPathSupport.builder(for: .cloudtrail, projection: FieldProjection(names: ["aws.cloudtrail.flattened.additional_eventdata.x"]), filter: nil))
    }

    /// The flattened members the fast path serves: `request_parameters`, `response_elements` and
    /// `service_event_details`, and every name below them.
    static func isServedFlattened(_ name: String) -> Bool {
        ["request_parameters", "response_elements", "service_event_details"].contains { member in
            let root = "aws.cloudtrail.flattened." + member
            return name == root || name.hasPrefix(root + ".")
        }
    }

    func testFlattenedFieldsAndTheirParentsMatchTheNormalizer() {
        // Every flattened name the normalizer produces, and every dotted name above it up to the
        // member's own, projected alone: the fast path must give exactly the full path's fields,
        // including the sub-fields a parent name covers.
        var produced = Set<String>()
        for record in FastPathCorpus.cloudTrail {
            if case .success(let events) = fullPath(.cloudtrail, Array(record.utf8), projection: .all) {
                for e in events { produced.formUnion(e.fields.keys.filter(Self.isServedFlattened)) }
            }
        }
        XCTAssertTrue(produced.contains("aws.cloudtrail.flattened.request_parameters.phoneNumber"))
        XCTAssertTrue(produced.contains { $0.hasPrefix("aws.cloudtrail.flattened.response_elements.") })
        var projections = Set<Set<String>>()
        for name in produced {
            var parts = name.split(separator: ".").map(String.init)
            while parts.count >= 4 {
                projections.insert([parts.joined(separator: ".")])
                parts.removeLast()
            }
        }
        // The detection pack's projection: flattened names with fixed fields and names from other formats.
        projections.insert([
            "@timestamp", "event.dataset", "event.action", "event.provider", "event.outcome", "sms.to", "data.to", "url.path",
            "aws.cloudtrail.flattened.request_parameters.phoneNumber", "aws.cloudtrail.flattened.response_elements.messageId",
            "aws.cloudtrail.flattened.response_elements.codeDeliveryDetails",
            "aws.cloudtrail.flattened.response_elements.codeDeliveryDetails.deliveryMedium",
            "aws.cloudtrail.flattened.request_parameters.authFlow", "aws.cloudtrail.request_parameters",
            "aws.cloudtrail.response_elements", "aws.cloudtrail.user_identity.arn", "aws.cloudtrail.error_code",
            "source.address", "source.ip", "user_agent.original",
        ])
        XCTAssertGreaterThan(projections.count, 10)
        for record in FastPathCorpus.cloudTrail {
            for names in projections {
                assertSame(.cloudtrail, Array(record.utf8), projection: FieldProjection(names: names))
            }
        }
    }

    func testFalconProjectedFieldsMatchTheNormalizer() {
        let logScaleSeed: Set<String> = [
            "#event_simpleName", "DomainName", "aid", "ComputerName", "ContextProcessId", "FileName", "ContextTimeStamp",
            "RemotePort", "TargetProcessName", "RemoteAddressIP4", "@rawstring", "@timestamp",
        ]
        let projections: [Set<String>] = [
            logScaleSeed, ["event_simpleName"], ["#event_simpleName", "event_simpleName", "timestamp"], ["aid"], ["aid.x"],
            ["Tags[0]", "Tags[2].c"], ["Nothing", "Flag", "Pi", "Big", "RemotePort"], ["@timestamp"], ["name", "aid", "ComputerName"],
        ]
        for record in FastPathCorpus.falcon {
            for names in projections {
                assertSame(.falcon, Array(record.utf8), projection: FieldProjection(names: names))
            }
        }
    }

    // MARK: - Malformed records

    func testBrokenRecordsAreReportedAsTheFullPathReportsThem() {
        let projection = FieldProjection(names: ["event.action", "event.outcome", "aws.cloudtrail.request_parameters", "@timestamp"])
        for line in FastPathCorpus.brokenLines {
            assertSame(.cloudtrail, Array(line.utf8), projection: projection)
            assertSame(.falcon, Array(line.utf8), projection: FieldProjection(names: ["eventName", "n"]))
        }
        for line in FastPathCorpus.invalidUTF8Lines {
            assertSame(.cloudtrail, line, projection: projection)
            assertSame(.falcon, line, projection: FieldProjection(names: ["s"]))
        }
    }

    func testScannerAcceptsExactlyWhatTheParserAccepts() {
        let schema = ScanSchema(paths: [["a"], ["b", "c"]])
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        let documents = FastPathCorpus.brokenLines.map { Array($0.utf8) } + FastPathCorpus.invalidUTF8Lines + [
            #"{"a":"\ud83d\ude00","b":{"c":[1,-2.5e-3,0,true,false,null,{}],"d":"x"}}"#, " \t{ \"a\" : 1 ,\"b\":{ } }\r ",
            #"{"a":"\u00"}"#, #"{"a":"x\"}"#, #"{"a":-0.0e+1}"#, #"{"a":1E5,"a2":1e-5}"#, #"{"b":{"c":{"d":[[[]]]}}}"#, "{\"a\":\"\u{7F}\"}",
        ].map { Array($0.utf8) }
        for doc in documents {
            let parsed = (try? JSONParser.parse(doc)) != nil
            let scanned = doc.withUnsafeBytes { RecordScanner.scan($0, schema: schema, into: values) }
            if scanned { XCTAssertTrue(parsed, "the scanner accepts what the parser rejects: \(String(decoding: doc, as: UTF8.self))") }
        }
    }

    // MARK: - Conditions

    /// Tests conditions the way their shapes say, on the fields of built events.
    private final class ReferenceTester: EventConditionTester {
        let conditions: [EventCondition]
        init(_ conditions: [EventCondition]) { self.conditions = conditions }
        func holds(_ index: Int, fields: [String: Value]) -> Bool {
            let c = conditions[index]
            let v = fields[c.fields[0]]
            switch c.shape {
            case .equals(let t)?:
                if case .string(let s)? = v { return s == t }
                return false
            case .contains(let t)?:
                if case .string(let s)? = v { return Array(s).count >= Array(t).count && s.contains(t) }
                return false
            case .compareDate(let op, let bound)?:
                if case .date(let ms)? = v { return op.holds(ms, bound) }
                return false
            case nil:
                // Region is us-east-1, or the account is the first test account.
                if c.fields[0] == "cloud.region" { return v == .string("us-east-1") }
                if c.fields[0] == "cloud.account.id" { return v == .string("111122223333") }
                return v != nil
            }
        }
    }

    func testReaderSideConditionsAgreeWithTheEngineOnBuiltEvents() {
        let conditions = [
            EventCondition(fields: ["event.provider"], shape: .equals("sns.amazonaws.com")),
            EventCondition(fields: ["event.action"], shape: .equals("Publish")),
            EventCondition(fields: ["aws.cloudtrail.request_parameters"], shape: .contains("phoneNumber")),
            EventCondition(fields: ["user_agent.original"], shape: .contains("aws-cli")),
            EventCondition(fields: ["event.outcome"], shape: .equals("success")),
            EventCondition(fields: ["@timestamp"], shape: .compareDate(.greater, 1_795_168_801_000)),
            EventCondition(fields: ["cloud.region"]),
            EventCondition(fields: ["cloud.account.id"]),
            EventCondition(fields: ["cloud.region"], shape: .equals("us-east-1")),
            EventCondition(fields: ["aws.cloudtrail.request_parameters"], shape: .contains("=+1555")),
        ]
        let branches = [[0, 1, 2], [3], [4, 5, 6, 7], [8, 9], []]
        let filter = EventFilter(conditions: conditions, branches: branches, makeTester: { ReferenceTester(conditions) })
        var names = Set(conditions.flatMap(\.fields))
        names.insert("event.id")
        let projection = FieldProjection(names: names)
        let builder = FastPathSupport.builder(for: .cloudtrail, projection: projection, filter: filter)!
        let tester = ReferenceTester(conditions)
        var taken = 0
        // Twice over, so the second pass answers from the memos.
        for record in FastPathCorpus.cloudTrail + FastPathCorpus.cloudTrail {
            let bytes = Array(record.utf8)
            guard case .success(let events) = fullPath(.cloudtrail, bytes, projection: projection) else { continue }
            var expected: [(Event, UInt64)] = []
            for e in events {
                var mask: UInt64 = 0
                for (b, conds) in branches.enumerated() where conds.allSatisfy({ tester.holds($0, fields: e.fields) }) {
                    mask |= 1 << UInt64(b)
                }
                if mask != 0 { expected.append((e, mask)) }
            }
            guard case .success(let got) = fastPath(builder, bytes) else { return XCTFail("fast path failed on \(record)") }
            XCTAssertEqual(got.map(\.1), expected.map(\.1), record)
            XCTAssertEqual(got.map(\.0.fields), expected.map(\.0.fields), record)
            taken += got.count
        }
        XCTAssertGreaterThan(taken, 100)
    }

    func testJavaMapSearchAgreesWithTheFormattedString() {
        let needles = ["phoneNumber", "Number", "topic", "messageAttributes", "rue", "alse", "ttp", "é"]
        for record in FastPathCorpus.cloudTrail {
            guard let value = try? JSONParser.parse(record), let params = value["requestParameters"] else { continue }
            let text = JSONWriter.serialize(params)
            let bytes = Array(text.utf8)
            for needle in needles {
                let n = Array(needle.utf8)
                guard JavaMapSearch.canSearch(n) else { continue }
                guard let found = bytes.withUnsafeBytes({ JavaMapSearch.contains($0, n) }) else { continue }
                let printed = JSONFlattener.removingEmpty(params).map(JavaMapFormatter.string)
                XCTAssertEqual(found, printed?.contains(needle) ?? false, "\(needle) in \(text)")
            }
        }
        XCTAssertFalse(JavaMapSearch.canSearch(Array("1.0E7".utf8)))
        XCTAssertFalse(JavaMapSearch.canSearch(Array("a=b".utf8)))
    }

    // MARK: - Reading whole files

    /// A file of corpus lines with blank lines, CRLF ends, a byte order mark and over-long lines.
    private func writeCorpusFile(_ format: SourceFormat, copies: Int = 3) throws -> String {
        let lines = format == .cloudtrail ? FastPathCorpus.cloudTrail : FastPathCorpus.falcon
        var data: [UInt8] = [0xEF, 0xBB, 0xBF]
        for copy in 0..<copies {
            for (i, line) in lines.enumerated() {
                data += Array(line.utf8)
                data += i % 7 == 0 ? [0x0D, 0x0A] : [0x0A]
                if i % 50 == 0 { data += Array("   \n\n".utf8) }
                if i % 97 == 0 { data += Array(FastPathCorpus.brokenLines[(i + copy) % FastPathCorpus.brokenLines.count].utf8) + [0x0A] }
                if i % 131 == 0 { data += FastPathCorpus.invalidUTF8Lines[i % FastPathCorpus.invalidUTF8Lines.count] + [0x0A] }
                if i == 200 { data += Array("{\"eventTime\":\"".utf8) + [UInt8](repeating: 0x61, count: 9000) + Array("\"}\n".utf8) }
                // Too long counts before blank: a long line is skipped unread, whatever it holds.
                if i == 300 { data += [UInt8](repeating: 0x20, count: 9000) + [0x0A] }
            }
        }
        data += Array(lines[0].utf8)  // no line end at the end
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fastpath-\(format.rawValue)-\(UUID().uuidString).ndjson")
        try Data(data).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private final class CollectingSink: SegmentEventSink {
        var events: [(Event, UInt64)] = []
        func push(_ event: Event, branches: UInt64) { events.append((event, branches)) }
        func push(value: (Int) -> Value?, format: SourceFormat, branches: UInt64) { XCTFail("no direct fields were asked for") }
    }

    func testParallelRangesGiveWhatOneSequentialPassGives() throws {
        for (format, names) in [(SourceFormat.cloudtrail, ["event.action", "event.outcome", "cloud.account.id", "user.name"]), (.falcon, ["aid", "#event_simpleName", "ContextTimeStamp"])] {
            let file = try writeCorpusFile(format)
            var options = ReadOptions()
            options.projection = FieldProjection(names: Set(names))
            options.showsProgress = false
            options.maxRecordBytes = 8192
            var sequential: [Event] = []
            var sequentialBad: [MalformedRecord] = []
            let sequentialFiles = try SourceReader(options: options).read(
                paths: [file], onEvent: { sequential.append($0) }, onMalformed: { sequentialBad.append($0) })
            XCTAssertGreaterThan(sequentialBad.count, 10)

            // Scanning through record shapes (finding line ends on the way) and member by member.
            for readsShapes in Set([RecordShapeMemo.isAvailable, false]) {
                let reader = ParallelSourceReader(options: options, filter: nil, workers: 2)
                reader.minRangeBytes = 4096
                reader.maxRangeBytes = 16384
                reader.readsShapes = readsShapes
                var parallel: [Event] = []
                var parallelBad: [MalformedRecord] = []
                var segments = 0
                let parallelFiles = try reader.read(
                    paths: [file], makeSink: { CollectingSink() },
                    onSegment: { sink in
                        segments += 1
                        parallel += sink.events.map(\.0)
                    }, onMalformed: { parallelBad.append($0) })
                XCTAssertGreaterThan(segments, 4, "the file was cut into ranges")
                XCTAssertEqual(parallelBad, sequentialBad)
                XCTAssertEqual(parallelFiles, sequentialFiles)
                XCTAssertEqual(parallel.map(\.fields), sequential.map(\.fields))
                XCTAssertEqual(parallel.map(\.origin.file), sequential.map(\.origin.file))

                // Kept in one piece, events also carry their true lines.
                reader.splitsFiles = false
                var whole: [Event] = []
                _ = try reader.read(paths: [file], makeSink: { CollectingSink() }, onSegment: { whole += $0.events.map(\.0) }, onMalformed: { _ in })
                XCTAssertEqual(whole.map(\.origin), sequential.map(\.origin))
            }
        }
    }

    /// Ranges read with a filter the skim serves skip most lines without looking for their ends
    /// first (`RecordEventBuilding.skipLine`); the events, malformed records and summaries are
    /// still those of a pass without the filter, filtered.
    func testParallelRangesThatSkimGiveWhatAPassWithoutTheFilterGives() throws {
        let file = try writeCorpusFile(.cloudtrail, copies: 6)
        var options = ReadOptions()
        options.projection = FieldProjection(names: ["event.action", "event.provider", "cloud.account.id"])
        options.showsProgress = false
        options.maxRecordBytes = 8192
        var all: [Event] = []
        var expectedBad: [MalformedRecord] = []
        let expectedFiles = try SourceReader(options: options).read(
            paths: [file], onEvent: { all.append($0) }, onMalformed: { expectedBad.append($0) })
        let expected = all.filter { $0.fields["event.action"] == .string("Publish") }
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertGreaterThan(all.count, expected.count * 2)

        let conditions = [EventCondition(fields: ["event.action"], shape: .equals("Publish"))]
        let filter = EventFilter(conditions: conditions, branches: [[0]], makeTester: { ReferenceTester(conditions) })
        // Member by member with the skim, and through record shapes (without it) where the processor allows.
        for readsShapes in Set([RecordShapeMemo.isAvailable, false]) {
            let reader = ParallelSourceReader(options: options, filter: filter, workers: 2)
            reader.minRangeBytes = 4096
            reader.maxRangeBytes = 16384
            reader.readsShapes = readsShapes
            var got: [Event] = []
            var bad: [MalformedRecord] = []
            let files = try reader.read(
                paths: [file], makeSink: { CollectingSink() }, onSegment: { got += $0.events.map(\.0) }, onMalformed: { bad.append($0) })
            XCTAssertEqual(bad, expectedBad)
            XCTAssertEqual(files, expectedFiles)
            XCTAssertEqual(got.map(\.fields), expected.map(\.fields))
        }
    }

    func testGzippedNDJSONIsReadWholeAndDecompressedAlongside() throws {
        // Big enough to be cut if it were plain text, and to inflate on a thread of its own.
        var rng = FastPathRandom(seed: 21)
        var text = ""
        var n = 0
        while text.utf8.count < 6 << 20 {
            let noise = (0..<40).map { _ in String(rng.next() % 36, radix: 36) }.joined()
            text += #"{"event_simpleName":"DnsRequest","aid":"a\#(n % 7)","DomainName":"\#(noise).example","timestamp":"\#(1_763_632_800_000 + n)"}"# + "\n"
            n += 1
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fastpath-\(UUID().uuidString).ndjson.gz")
        try Data(Self.gzip(Array(text.utf8))).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        var options = ReadOptions()
        options.projection = FieldProjection(names: ["aid", "DomainName"])
        options.showsProgress = false
        var sequential: [Event] = []
        let files = try SourceReader(options: options).read(paths: [url.path], onEvent: { sequential.append($0) }, onMalformed: { XCTFail("\($0)") })
        XCTAssertEqual(sequential.count, n)
        let reader = ParallelSourceReader(options: options, filter: nil, workers: 2)
        reader.minRangeBytes = 4096
        var parallel: [Event] = []
        var segments = 0
        let parallelFiles = try reader.read(paths: [url.path], makeSink: { CollectingSink() }, onSegment: {
            segments += 1
            parallel += $0.events.map(\.0)
        }, onMalformed: { XCTFail("\($0)") })
        XCTAssertEqual(segments, 1)
        XCTAssertEqual(parallelFiles, files)
        XCTAssertEqual(parallel.map(\.fields), sequential.map(\.fields))
        XCTAssertEqual(parallel.map(\.origin), sequential.map(\.origin))
    }

    func testThreadedStreamDeliversTheSameBytesAndErrors() throws {
        var rng = FastPathRandom(seed: 3)
        let bytes = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let threaded = ThreadedByteStream(source: MemoryByteStream(bytes, chunkSize: 4096), capacity: 2)
        var out: [UInt8] = []
        while let chunk = try threaded.read() { out += chunk }
        XCTAssertEqual(out, bytes)
        XCTAssertNil(try threaded.read())

        // A truncated gzip stream: the bytes before the cut, then the decoder's own error.
        let gzip = try Self.gzip(Array(String(repeating: "{\"a\":1}\n", count: 20_000).utf8))
        let cut = Array(gzip.prefix(gzip.count / 2))
        func drain(_ s: ByteStream) -> ([UInt8], InputError?) {
            var got: [UInt8] = []
            do {
                while let c = try s.read() { got += c }
                return (got, nil)
            } catch {
                return (got, error)
            }
        }
        let direct = drain(GzipDecoder(source: MemoryByteStream(cut, chunkSize: 1000), path: "x.gz"))
        let viaThread = drain(ThreadedByteStream(source: GzipDecoder(source: MemoryByteStream(cut, chunkSize: 1000), path: "x.gz")))
        XCTAssertEqual(direct.0, viaThread.0)
        XCTAssertNotNil(direct.1)
        XCTAssertEqual(direct.1, viaThread.1)
    }

    /// `bytes` compressed as one gzip member.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError.corruptGzip(path: "", compressedOffset: 0, decompressedOffset: 0, reason: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var input = bytes
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                _ = deflate(&stream, Z_FINISH)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Array(out.prefix(produced))
    }
}

/// Records for comparing the fast path with the full one: hand-written edge cases, and generated
/// mixes of the shapes real CloudTrail and Falcon records take.
enum FastPathCorpus {
    /// Every cut of each seed, and each seed with every byte replaced by each of `replacements`
    /// in turn: records broken every way one change can break them.
    static func mutations(of seeds: [String], replacements: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for seed in seeds.map({ Array($0.utf8) }) {
            for cut in 0...seed.count { out.append(Array(seed[0..<cut])) }
            for at in seed.indices {
                for r in replacements {
                    var d = seed
                    d[at] = r
                    out.append(d)
                }
            }
        }
        return out
    }

    /// CloudTrail records, one JSON text each.
    static var cloudTrail: [String] {
        var out = cloudTrailEdgeCases
        var rng = FastPathRandom(seed: 7)
        for _ in 0..<400 { out.append(JSONWriter.serialize(randomCloudTrail(&rng))) }
        return out
    }

    /// Falcon events, one JSON text each.
    static var falcon: [String] {
        var out = falconEdgeCases
        var rng = FastPathRandom(seed: 11)
        for _ in 0..<400 { out.append(JSONWriter.serialize(randomFalcon(&rng))) }
        return out
    }

    /// Lines no JSON parser accepts, or that the normalizers reject.
    static let brokenLines: [String] = [
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"s3.amazonaws.com""#,
        #"{"eventTime":"2026-11-20T10:00:00Z",}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z" "eventName":"A"}"#,
        #"{"eventName":"A\q","eventTime":"2026-11-20T10:00:00Z","eventSource":"x"}"#,
        #"{"eventName":"A\u12G4","eventTime":"2026-11-20T10:00:00Z","eventSource":"x"}"#,
        "{\"eventName\":\"tab\there\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"x\"}",
        #"{"n":01,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":1.,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":-,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":1e,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":tru,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":nul,"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":[1,2,],"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":{"a":1,},"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"n":{"a" 1},"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"} x"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x"}}"#,
        #"["eventTime"]"#,
        #""just a string""#,
        "{\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventName\":\"A\",\"eventSource\":\"x\",\"deep\":" + String(repeating: "[", count: 600)
            + String(repeating: "]", count: 600) + "}",
        "{\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventName\":\"A\",\"eventSource\":\"x\",\"deep\":" + String(repeating: "[", count: 80)
            + String(repeating: "]", count: 80) + "}",
        #"{"eventName":"A","eventSource":"x"}"#,
        #"{"eventTime":"yesterday","eventName":"A","eventSource":"x"}"#,
        #"{"eventTime":"","eventName":"A","eventSource":"x"}"#,
        #"{"eventTime":null,"eventName":"A","eventSource":"x"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"","eventSource":"x"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":{"a":1},"eventSource":"x"}"#,
        #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"A"}"#,
        #"{}"#,
    ]

    /// Lines with bytes that are not valid UTF-8 (overlong forms, surrogates, cut sequences).
    static let invalidUTF8Lines: [[UInt8]] = {
        let head = Array(#"{"eventTime":"2026-11-20T10:00:00Z","eventName":"A","eventSource":"x","s":""#.utf8)
        let tails: [[UInt8]] = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xFF], [0xE2, 0x82]]
        var lines = tails.map { head + $0 + Array("\"}".utf8) }
        lines.append(head + [0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80] + Array("\"}".utf8))  // valid: é € 😀
        return lines
    }()

    static let cloudTrailEdgeCases: [String] = [
        // Assumed role: the session issuer names the user; the session name is an address.
        #"{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:jane@example.com","arn":"arn:aws:sts::111122223333:assumed-role/ops/jane@example.com","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/ops","accountId":"111122223333","userName":"ops"},"attributes":{"creationDate":"2026-11-20T09:00:00Z","mfaAuthenticated":"true"}}},"eventTime":"2026-11-20T10:00:00.250Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"eu-west-1","sourceIPAddress":"2001:db8::7","userAgent":"aws-cli/2.18.17 md/awscrt#0.22.0","requestParameters":{"phoneNumber":"+15550001234","message":"hi","messageAttributes":{"AWS.SNS.SMS.SMSType":{"dataType":"String","stringValue":"Transactional"}}},"responseElements":{"messageId":"m-1"},"eventID":"e-1","eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#,
        // A service principal: no account in the identity, so recipientAccountId is used.
        #"{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"sns.amazonaws.com"},"eventTime":"2026-11-20T10:00:01Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"sns.amazonaws.com","userAgent":"sns.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::444455556666:role/sns","roleSessionName":"s","durationSeconds":900},"responseElements":{"credentials":{"accessKeyId":"ASIA","expiration":"Nov 20, 2026, 11:00:01 AM"}},"eventID":"e-2","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","sharedEventID":"sh-1"}"#,
        // Errors: a code, or only a message; empty strings and nulls are dropped.
        #"{"eventTime":"2026-11-20T10:00:02Z","eventSource":"sns.amazonaws.com","eventName":"Publish","errorCode":"ThrottlingException","errorMessage":"Rate exceeded","userIdentity":{"type":"IAMUser","userName":"bob@example.org","accountId":"","arn":null},"recipientAccountId":"111122223333","requestParameters":{"phoneNumber":"","message":null},"sourceIPAddress":"","userAgent":""}"#,
        #"{"eventTime":"2026-11-20T10:00:03Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","errorMessage":"Access Denied","errorCode":"","requestParameters":{"bucketName":"b","Host":"b.s3.amazonaws.com","list":[1,2.5,-0.0,1e21,true,null,"",{"k":""},{"k":"v"}],"nested":{"a":{"b":{"c":"phoneNumber"}}}},"additionalEventData":{"bytesTransferredIn":0.0,"x-amz-id-2":"abc"}}"#,
        #"{"eventTime":"2026-11-20T10:00:03Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","errorCode":{},"errorMessage":[],"requestParameters":{},"responseElements":null}"#,
        #"{"eventTime":"2026-11-20T10:00:03Z","eventSource":"cognito-idp.amazonaws.com","eventName":"SignUp","requestParameters":{"clientId":"c1","userAttributes":[{"name":"phone_number","value":"+15550001111"},{"name":"email","value":""}],"validationData":null,"authFlow":"","tags":["a","",null],"empty":[null,""]},"responseElements":{"codeDeliveryDetails":{"attributeName":"phone_number","deliveryMedium":"SMS","destination":"+*******1111"},"userConfirmed":false,"userSub":"u-1","nested":{"deeper":{"n":12.5,"none":{}}}},"serviceEventDetails":{"x":[1,2,3]}}"#,
        #"{"eventTime":"2026-11-20T10:00:03Z","eventSource":"cognito-idp.amazonaws.com","eventName":"ResendConfirmationCode","requestParameters":"plain text","responseElements":{"codeDeliveryDetails":[{"deliveryMedium":"SMS"},{"deliveryMedium":""}]}}"#,
        #"{"eventTime":"2026-11-20T10:00:03Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","errorCode":{"a":"x"},"requestParameters":"phoneNumber=+1555","responseElements":12}"#,
        // Identity Center: the user name only in additionalEventData.
        #"{"eventTime":"2026-11-20T10:00:04+01:00","eventSource":"signin.amazonaws.com","eventName":"UserAuthentication","userIdentity":{"type":"Unknown","principalId":"p","accountId":"111122223333"},"additionalEventData":{"UserName":"carol@example.com","CredentialType":"PASSWORD"},"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"}"#,
        // Console login: the outcome comes from the response.
        #"{"eventTime":"2026-11-20T10:00:05Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","userName":"dave","accountId":"111122223333"},"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com","MobileVersion":"No"},"errorMessage":"Failed authentication"}"#,
        // Escapes and text outside ASCII in names and values.
        #"{"eventTime":"2026-11-20T10:00:06Z","eventSource":"sns.amazonaws.com","eventName":"Pub\u006cish","userIdentity":{"type":"IAMUser","userName":"Ren\u00e9e","arn":"arn:aws:iam::1:user/Ren\u00e9e","accountId":"1"},"awsRegion":"us-east-1","sourceIPAddress":"203.0.113.\u0039","userAgent":"caf\u00e9 \"quoted\" \\ slash","requestParameters":{"phone\u004eumber":"+1555","m\u00e9ssage":"\ud83d\ude00 \ud800 lone"}}"#,
        "{\"eventTime\":\"2026-11-20T10:00:07Z\",\"eventSource\":\"sns.amazonaws.com\",\"eventName\":\"Publish\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"Zoë\",\"accountId\":\"1\"},\"userAgent\":\"Boto3/1.35.0 café\",\"requestParameters\":{\"phoneNumber\":\"+1555\",\"note\":\"naïve\"}}",
        // Repeated members, escaped member names, numbers and booleans where text is usual.
        #"{"eventTime":"2026-11-20T10:00:08Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"","awsRegion":"us-west-2"}"#,
        #"{"eventTime":"2026-11-20T10:00:08Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"phoneNumber":"+1","phoneNumber":"+2"}}"#,
        #"{"eventTime":"2026-11-20T10:00:08Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"phoneNumber":null,"phoneNumber":"+2"}}"#,
        #"{"eventTime":"2026-11-20T10:00:08Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"phoneNumber":null,"x":"y"}}"#,
        #"{"eventTime":"2026-11-20T10:00:08Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"x":"I love phoneNumbers"}}"#,
        #"{"eventTime":"2026-11-20T10:00:09Z","eventSource":"sns.amazonaws.com","event\u004eame":"Publish","eventName":"X"}"#,
        #"{"eventTime":"2026-11-20T10:00:10Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":7,"readOnly":"false","managementEvent":1,"eventVersion":1.08,"sourceIPAddress":42,"userAgent":true,"userIdentity":{"accountId":123456789012,"principalId":99,"type":"AssumedRole","sessionContext":{"sessionIssuer":{"userName":5}}}}"#,
        #"{"eventTime":"2026-11-20T10:00:11Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":{"r":"x"},"eventID":["a","b"],"userIdentity":"root","requestParameters":[{"phoneNumber":"+1"},[],"x"]}"#,
        #"  {"eventTime":"2026-11-20T10:00:12.5+02:00","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","tlsDetails":{"tlsVersion":"TLSv1.2"},"resources":[{"ARN":"a"},{"ARN":"b","type":"t"}],"serviceEventDetails":{"k":"v"},"vpcEndpointId":"vpce-1","apiVersion":"2016-11-15"}"# + "\t ",
        #"{"eventTime":1795168800,"eventSource":"sns.amazonaws.com","eventName":"Publish"}"#,
        #"{"Records":[{"eventTime":"2026-11-20T10:00:00Z","eventSource":"a.amazonaws.com","eventName":"A"},{"eventTime":"2026-11-20T10:00:01Z","eventSource":"b.amazonaws.com","eventName":"B"}]}"#,
        #"{"eventTime":"2026-11-20T10:00:13Z","eventSource":".amazonaws.com","eventName":"Publish","sourceIPAddress":"10.0.0.256","userAgent":"aws-sdk-go-v2/1.32.2 ua/2.1"}"#,
        #"{"eventTime":"2026-11-20T24:00:00Z","eventSource":"x","eventName":"Publish"}"#,
        #"{"eventTime":"2026-13-20T10:00:00Z","eventSource":"x","eventName":"Publish"}"#,
        #"{"eventTime":"2026-11-20 10:00:00","eventSource":"x","eventName":"Publish"}"#,
    ]

    static let falconEdgeCases: [String] = [
        #"{"event_simpleName":"DnsRequest","aid":"a1","ComputerName":"WEB-01","DomainName":"api.twilio.com","ContextProcessId":"4242","ContextTimeStamp":"1763632800.123","timestamp":"1763632800000","FileName":"node"}"#,
        ##"{"#event_simpleName":"NetworkConnectIP4","@timestamp":"2026-11-20T10:00:05.000Z","aid":"a1","RemotePort":"443","TargetProcessName":"send.py","RemoteAddressIP4":"3.5.140.2"}"##,
        ##"{"#event_simpleName":"A","event_simpleName":"B","aid":"a2","timestamp":1763632800000}"##,
        ##"{"#event_simpleName":null,"event_simpleName":"B","aid":""}"##,
        ##"{"#event_simpleName":"","aid":"x","@timestamp":1763632800}"##,
        #"{"event_simpleName":"DnsRequest","ContextTimeStamp":"1763632800.5","RemotePort":443,"Flag":true,"Nothing":null,"Pi":3.25,"Big":12345678901234567890}"#,
        #"{"event_simpleName":"DnsRequest","timestamp":" 1763632800000 ","ContextTimeStamp":"x"}"#,
        #"{"event_simpleName":"DnsRequest","timestamp":"abc","ContextTimeStamp":"1763632800"}"#,
        #"{"event_simpleName":"DnsRequest","timestamp":"1e12"}"#,
        #"{"event_simpleName":"DnsRequest","@timestamp":"not a date"}"#,
        #"{"event_simpleName":"DnsRequest","@timestamp":null}"#,
        #"{"event_simpleName":"DnsRequest","@timestamp":true}"#,
        #"{"event_simpleName":"DnsRequest","aid":{"x":"nested"},"ComputerName":"C"}"#,
        #"{"event_simpleName":"DnsRequest","aid.x":"dotted","ComputerName":"C"}"#,
        #"{"event_simpleName":"DnsRequest","Tags":["a","b",{"c":1}],"ComputerName":"C"}"#,
        #"{"event_simpleName":"DnsRequest","aid":"first","aid":"second"}"#,
        #"{"event_simpleName":"DnsRequest","DomainName":"caf\u00e9.example","FileName":"\u006eode","ComputerName":"Zoë"}"#,
        #"{"event_simpleName":"DnsRequest","ContextTimeStamp":"-0","timestamp":"-0.4"}"#,
        #"{"name":"NoSimpleName","aid":"z"}"#,
    ]

    /// A CloudTrail record mixing the shapes that matter to the projected fields.
    static func randomCloudTrail(_ rng: inout FastPathRandom) -> JSONValue {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func maybe(_ p: Int) -> Bool { Int(rng.next() % 100) < p }
        let types = ["IAMUser", "AssumedRole", "AWSService", "Root", "FederatedUser", ""]
        let type = pick(types)
        var identity: [(String, JSONValue)] = []
        if !type.isEmpty { identity.append(("type", .string(type))) }
        if maybe(80) { identity.append(("principalId", .string(pick(["AIDA1", "AROA1:sess", "AROA1:ann@example.com", ""])))) }
        if maybe(80) { identity.append(("arn", pick([.string("arn:aws:iam::1:user/u"), .string(""), .null]))) }
        if maybe(70) { identity.append(("accountId", pick([.string("111122223333"), .string(""), .null, .int(5)]))) }
        if maybe(50) { identity.append(("userName", .string(pick(["u", "ed@example.com", "a b@c.d", ""])))) }
        if maybe(30) { identity.append(("invokedBy", .string(pick(["sns.amazonaws.com", ""])))) }
        if maybe(40) {
            identity.append(("sessionContext", .object([("sessionIssuer", .object([("userName", pick([.string("role"), .string(""), .null]))]))])))
        }
        var r: [(String, JSONValue)] = [
            ("eventVersion", .string("1.09")),
            ("userIdentity", maybe(90) ? .object(identity) : .null),
            ("eventTime", .string(pick(["2026-11-20T10:00:00Z", "2026-11-21T23:59:59.999Z", "2026-11-22T01:02:03.4+01:00"]))),
            ("eventSource", .string(pick(["sns.amazonaws.com", "s3.amazonaws.com", "cognito-idp.amazonaws.com", "console"]))),
            ("eventName", .string(pick(["Publish", "GetObject", "ForgotPassword", "ConsoleLogin"]))),
            ("awsRegion", pick([.string("us-east-1"), .string(""), .null])),
            ("sourceIPAddress", pick([.string("203.0.113.5"), .string("sns.amazonaws.com"), .string("::1"), .string("")])),
            ("userAgent", pick([.string("aws-cli/2.18.17 md/a"), .string("Boto3/1.35.0"), .string("Mozilla/5.0 Firefox/120.0"), .string("")])),
        ]
        if maybe(60) {
            var params: [(String, JSONValue)] = []
            if maybe(60) { params.append(("phoneNumber", pick([.string("+15550001"), .string(""), .null]))) }
            if maybe(50) { params.append(("topicArn", .string("arn:aws:sns:us-east-1:1:t"))) }
            if maybe(40) { params.append(("messageAttributes", .object([("k", .object([("dataType", .string("String")), ("v", .int(3))]))]))) }
            if maybe(30) { params.append(("list", .array([.double(1.5), .bool(false), .string("phoneNumber")]))) }
            r.append(("requestParameters", .object(params)))
        }
        if maybe(40) { r.append(("responseElements", maybe(50) ? .object([("messageId", .string("m")), ("ConsoleLogin", .string("Success"))]) : .null)) }
        if maybe(20) { r.append(("errorCode", .string(pick(["AccessDenied", ""])))) }
        if maybe(15) { r.append(("errorMessage", .string(pick(["Denied", ""])))) }
        if maybe(30) { r.append(("additionalEventData", .object([("UserName", .string(pick(["id@example.com", ""]))), ("x", .int(1))]))) }
        r.append(("eventID", .string("id-\(rng.next() % 1000)")))
        r.append(("recipientAccountId", pick([.string("444455556666"), .string("")])))
        r.append(("readOnly", .bool(maybe(50))))
        return .object(r)
    }

    /// A Falcon event of one of the two seed event types.
    static func randomFalcon(_ rng: inout FastPathRandom) -> JSONValue {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func maybe(_ p: Int) -> Bool { Int(rng.next() % 100) < p }
        var e: [(String, JSONValue)] = []
        let kind = pick(["DnsRequest", "NetworkConnectIP4", "ProcessRollup2"])
        if maybe(50) { e.append(("event_simpleName", .string(kind))) } else { e.append(("#event_simpleName", .string(kind))) }
        e.append(("aid", .string(pick(["a1", "a2", "a3"]))))
        e.append(("ComputerName", pick([.string("WEB-01"), .string("DB-02"), .string(""), .null])))
        if maybe(70) { e.append(("timestamp", pick([.string("1763632800\(rng.next() % 1000)"), .int(1_763_632_800_000)]))) }
        if maybe(70) { e.append(("ContextTimeStamp", .string("1763632800.\(rng.next() % 1000)"))) }
        if maybe(20) { e.append(("@timestamp", .string("2026-11-20T10:00:0\(rng.next() % 10).000Z"))) }
        e.append(("DomainName", .string(pick(["api.twilio.com", "API.Twilio.com", "www.google.com", "sns.amazonaws.com"]))))
        e.append(("ContextProcessId", pick([.string("\(rng.next() % 5)"), .int(Int64(rng.next() % 5))])))
        e.append(("FileName", .string(pick(["node", "python3.11", "chrome.exe"]))))
        e.append(("RemotePort", pick([.string("443"), .string("80"), .string("22"), .int(443)])))
        e.append(("TargetProcessName", .string(pick(["send.py", "app.jar", "chrome", "x.EXE"]))))
        e.append(("RemoteAddressIP4", .string("54.1.1.\(rng.next() % 3)")))
        return .object(e)
    }
}

/// A small deterministic random number generator (SplitMix64) for generated test data.
struct FastPathRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the direct fields' texts rest on: a served field whose source gives plain text (a string
/// member read as text) has exactly that text as its value, in every record of the corpus.
final class PlainTextSourceTests: XCTestCase {
    func testAPlainTextSourceIsTheFieldsValue() throws {
        let names = FastPathEquivalenceTests.cloudTrailServed
        let projector = try XCTUnwrap(CloudTrailProjector(projection: FieldProjection(names: Set(names))))
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: max(1, projector.schema.slotCount))
        values.initialize(repeating: ScannedValue(), count: max(1, projector.schema.slotCount))
        defer { values.deallocate() }
        var texts = 0
        var accountTexts = 0
        for line in FastPathCorpus.cloudTrail {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBytes { raw in
                guard RecordScanner.scan(raw, schema: projector.schema, into: values) else { return }
                let record = ScannedRecord(bytes: raw, values: values)
                guard projector.begin(record) else { return }
                for name in names {
                    guard let id = projector.fieldID(name), let text = ProjectedEventBuilder<CloudTrailProjector>.plainText(projector.source(of: id), record)
                    else { continue }
                    texts += 1
                    if name == "cloud.account.id" { accountTexts += 1 }
                    XCTAssertEqual(projector.value(id), .string(String(decoding: text, as: UTF8.self)), "\(name) of \(line)")
                }
            }
        }
        XCTAssertGreaterThan(texts, 100)
        XCTAssertGreaterThan(accountTexts, 5, "cloud.account.id is read as text, from the identity or the recipient")
    }
}
