import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// The JSON that `pumpwatch normalize` prints for read events.
final class ReaderEventEncodingTests: XCTestCase {
    private func event(_ fields: [String: Value]) -> Event {
        Event(fields: fields, origin: Origin(file: "f", line: 1), format: .cloudtrail)
    }

    func testDottedNamesNestIntoObjectsWithTimestampFirst() throws {
        let e = event([
            "event.provider": .string("sns.amazonaws.com"),
            "event.action": .string("Publish"),
            "@timestamp": .date(Timestamp.parse("2026-11-20T10:00:00Z")!),
            "cloud.account.id": .string("123456789012"),
            "cloud.region": .string("us-east-1"),
            "related.ip": .array([.string("203.0.113.10")]),
            "count": .int(3),
        ])
        XCTAssertEqual(EventJSONEncoder.encode(e),
            #"{"@timestamp":"2026-11-20T10:00:00.000Z","cloud":{"account":{"id":"123456789012"},"region":"us-east-1"},"count":3,"event":{"action":"Publish","provider":"sns.amazonaws.com"},"related":{"ip":["203.0.113.10"]}}"#)
        let parsed = try JSONParser.parse(EventJSONEncoder.encode(e))
        XCTAssertEqual(parsed["event"]?["action"], .string("Publish"))
    }

    func testFlatOutputKeepsDottedKeys() {
        let e = event(["b.c": .string("x"), "a": .bool(true), "@timestamp": .string("2026-11-20T10:00:00Z")])
        XCTAssertEqual(EventJSONEncoder.encode(e, nested: false), #"{"@timestamp":"2026-11-20T10:00:00.000Z","a":true,"b.c":"x"}"#)
    }

    func testNameWithAValueAndSubFieldsKeepsBoth() throws {
        let e = event(["a": .string("top"), "a.b": .int(1), "a.c.d": .int(2), "z": .null])
        let text = EventJSONEncoder.encode(e)
        XCTAssertEqual(text, #"{"a":"top","b":1,"c.d":2,"z":null}"#.replacingOccurrences(of: #""b":1,"c.d":2"#, with: #""a.b":1,"a.c.d":2"#))
        XCTAssertNoThrow(try JSONParser.parse(text))
    }

    func testNamesSharingAFirstSegmentStayInOneObject() {
        let e = event(["a-c": .int(1), "a.b": .int(2), "a.c": .int(3), "a0": .int(4)])
        XCTAssertEqual(EventJSONEncoder.encode(e), #"{"a":{"b":2,"c":3},"a-c":1,"a0":4}"#)
    }

    func testEscapingAndNonFiniteNumbers() throws {
        let e = event(["ctl": .string("\u{01}é"), "msg": .string("line\n\"quoted\""), "x": .double(.nan), "weird..key": .int(1)])
        let text = EventJSONEncoder.encode(e)
        let parsed = try JSONParser.parse(text)
        XCTAssertEqual(parsed["msg"], .string("line\n\"quoted\""))
        XCTAssertEqual(parsed["x"], .null)
        XCTAssertEqual(parsed["ctl"], .string("\u{01}é"))
        XCTAssertTrue(text.contains(#""ctl":"\u0001é""#), text)
        XCTAssertEqual(parsed["weird"]?[""]?["key"], .int(1))
    }

    func testEncodedReaderOutputRoundTrips() throws {
        let outcome = try Fixture.read(CloudTrailReader(), Fixture.cloudTrailRecord(id: "e1"), layout: .lines)
        let event = try XCTUnwrap(outcome.events.first)
        let parsed = try JSONParser.parse(EventJSONEncoder.encode(event))
        XCTAssertEqual(parsed["@timestamp"], .string("2026-11-20T10:00:00.000Z"))
        XCTAssertEqual(parsed["event"]?["id"], .string("e1"))
        XCTAssertEqual(parsed["cloud"]?["account"]?["id"], .string("123456789012"))
    }
}
