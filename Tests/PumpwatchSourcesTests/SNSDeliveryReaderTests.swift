import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class SNSDeliveryReaderTests: XCTestCase {
    func testFirehoseSubscriptionDocumentsConcatenated() throws {
        let text = Fixture.subscriptionDocument(ids: ["m1", "m2"]) + Fixture.subscriptionDocument(ids: ["m3"])
        let outcome = try Fixture.read(SNSDeliveryReader(), text, layout: .documents, chunkSize: 13)
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.count, 3)
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 1, 2])
        XCTAssertEqual(outcome.events.map { $0["sms.to"] }, Array(repeating: .string("+88213000001"), count: 3))
    }

    func testGzipFirehoseObjectThroughTheFacade() throws {
        let dir = try Fixture.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = Fixture.gzip(Fixture.subscriptionDocument(ids: ["m1"])) + Fixture.gzip(Fixture.subscriptionDocument(ids: ["m2", "m3"]))
        let path = try Fixture.write(bytes, to: "\(dir)/sms-delivery-1-2026-11-20-10-00-00-abc")
        let outcome = try Fixture.read([path])
        XCTAssertEqual(outcome.summaries, [FileSummary(path: path, format: .snsDelivery, events: 3, first: outcome.summary.first, last: outcome.summary.last, malformed: 0)])
        XCTAssertNotNil(outcome.summary.first)
    }

    func testDeliveryJSONAsNDJSON() throws {
        let text = Fixture.snsDelivery(id: "m1") + "\n" + Fixture.snsDelivery(id: "m2", destination: "+88213000002") + "\n"
        let outcome = try Fixture.read(SNSDeliveryReader(), text, layout: .lines)
        XCTAssertEqual(outcome.events.map { $0["sms.to"] }, [.string("+88213000001"), .string("+88213000002")])
        XCTAssertEqual(outcome.events.map(\.origin.line), [1, 2])
    }

    func testFilterLogEventsOutput() throws {
        let outcome = try Fixture.read(SNSDeliveryReader(), Fixture.filterLogEvents(ids: ["m1", "m2"]), layout: .arrayUnderKey("events"))
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.map(\.origin), [Origin(file: "mem.json", line: 3, record: 1), Origin(file: "mem.json", line: 4, record: 2)])
    }

    func testMessageThatIsNotDeliveryJSONIsMalformed() throws {
        let doc = #"{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1763632800123,"message":"{not json"}]}"#
        let outcome = try Fixture.read(SNSDeliveryReader(), doc + Fixture.subscriptionDocument(ids: ["m2"]), layout: .documents)
        XCTAssertEqual(outcome.events.count, 1)
        XCTAssertEqual(outcome.malformed.count, 1)
    }
}
