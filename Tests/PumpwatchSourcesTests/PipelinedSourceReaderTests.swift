import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class PipelinedSourceReaderTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipelined-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // CloudTrail with broken lines between good ones, so malformed records interleave with events.
        var cloudTrail = ""
        for i in 0..<200 {
            if i % 17 == 5 {
                cloudTrail += #"{"eventTime":"2026-11-20T10:00:00Z","eventName":"Publish""# + "\n"
                continue
            }
            cloudTrail += #"{"eventVersion":"1.08","eventTime":"2026-11-20T10:\#(String(format: "%02d", i % 60)):00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.\#(i % 250)","requestParameters":{"phoneNumber":"+2327612\#(String(format: "%04d", i))","message":"code \#(i)"},"responseElements":{"messageId":"m-\#(i)"},"eventID":"e-\#(i)","recipientAccountId":"111122223333"}"# + "\n"
        }
        try cloudTrail.write(to: folder.appendingPathComponent("a-cloudtrail.ndjson"), atomically: true, encoding: .utf8)
        var falcon = ""
        for i in 0..<50 {
            falcon += ##"{"#event_simpleName":"DnsRequest","event_simpleName":"DnsRequest","aid":"host-\##(i % 3)","DomainName":"api.twilio.com","timestamp":"\##(1_795_000_000_000 + Int64(i) * 1000)","ContextTimeStamp":"\##(1_795_000_000 + i).000"}"## + "\n"
            if i == 20 { falcon += "{not json\n" }
        }
        try falcon.write(to: folder.appendingPathComponent("b-falcon.ndjson"), atomically: true, encoding: .utf8)
        try Data().write(to: folder.appendingPathComponent("c-empty.ndjson"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func options(projection: FieldProjection = .all, strict: Bool = false) -> ReadOptions {
        var options = ReadOptions()
        options.projection = projection
        options.strict = strict
        options.showsProgress = false
        return options
    }

    /// Every callback, in order, as text: what the caller of either reader sees.
    private func transcript(_ read: ([String], (Event) throws -> Void, (MalformedRecord) -> Void) throws -> [FileSummary]) throws -> ([String], [FileSummary]) {
        var lines: [String] = []
        let summaries = try read([folder.path], { event in
            let fields = event.fields.keys.sorted().map { "\($0)=\(event.fields[$0]!)" }.joined(separator: ",")
            lines.append("event \(event.origin.file):\(event.origin.line) \(event.format) \(fields)")
        }, { record in
            lines.append("malformed \(record.origin.file):\(record.origin.line) \(record.reason)")
        })
        return (lines, summaries)
    }

    func testGivesWhatSourceReaderGivesInTheSameOrder() throws {
        for projection in [FieldProjection.all, FieldProjection(names: ["event.action", "source.ip", "aws.cloudtrail.flattened.request_parameters.phoneNumber", "aid", "DomainName"])] {
            let (expected, expectedFiles) = try transcript(SourceReader(options: options(projection: projection)).read)
            XCTAssertEqual(expected.filter { $0.hasPrefix("event ") }.count, 188 + 50)
            XCTAssertEqual(expected.filter { $0.hasPrefix("malformed ") }.count, 12 + 1 + 1)
            // Small batches and a short queue, so the reading thread waits for the caller many times.
            let reader = PipelinedSourceReader(options: options(projection: projection))
            reader.batchSize = 3
            reader.queuedBatches = 2
            let (got, files) = try transcript(reader.read)
            XCTAssertEqual(got, expected)
            XCTAssertEqual(files, expectedFiles)
        }
    }

    func testStrictModeFailsAfterTheSameEvents() throws {
        var expectedEvents = 0
        XCTAssertThrowsError(try SourceReader(options: options(strict: true)).read(paths: [folder.path], onEvent: { _ in expectedEvents += 1 }, onMalformed: { _ in })) { error in
            XCTAssertTrue(error is StrictModeError, "\(error)")
        }
        var events = 0
        let reader = PipelinedSourceReader(options: options(strict: true))
        reader.batchSize = 4
        XCTAssertThrowsError(try reader.read(paths: [folder.path], onEvent: { _ in events += 1 }, onMalformed: { _ in })) { error in
            XCTAssertTrue(error is StrictModeError, "\(error)")
        }
        XCTAssertEqual(expectedEvents, 5)
        XCTAssertEqual(events, expectedEvents)
    }

    func testACallerErrorStopsTheReadingThread() throws {
        struct Enough: Error {}
        let reader = PipelinedSourceReader(options: options())
        reader.batchSize = 2
        reader.queuedBatches = 1
        var seen = 0
        XCTAssertThrowsError(
            try reader.read(paths: [folder.path], onEvent: { _ in
                seen += 1
                if seen == 7 { throw Enough() }
            }, onMalformed: { _ in })
        ) { error in
            XCTAssertTrue(error is Enough)
        }
        XCTAssertEqual(seen, 7)
        // The reader is reusable: a second read starts from scratch and sees everything.
        var all = 0
        _ = try reader.read(paths: [folder.path], onEvent: { _ in all += 1 }, onMalformed: { _ in })
        XCTAssertEqual(all, 238)
    }
}
