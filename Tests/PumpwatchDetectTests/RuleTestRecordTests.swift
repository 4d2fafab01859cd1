import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// Inline test records: YAML mappings and JSON text as records, `repeat` copies with `{i}` and
/// time fields moved in the form they were written.
final class RuleTestRecordTests: XCTestCase {
    func records(_ yaml: String, format: SourceFormat) throws -> [String] {
        let item = try YAMLValue.parse(yaml, file: "t.yml")
        return try TestRecordExpander.expand(item, format: format)
    }

    func testMappingAndJSONText() throws {
        XCTAssertEqual(try records(#"{a: 1, b: "1", c: 1.5, d: true, e: ~, f: no, g: 010, h: 10:00:00, i: 2026-11-22T10:00:00Z, j: [x, 2]}"#, format: .ndjson), [
            #"{"a":1,"b":"1","c":1.5,"d":true,"e":null,"f":"no","g":"010","h":"10:00:00","i":"2026-11-22T10:00:00Z","j":["x",2]}"#
        ])
        XCTAssertEqual(try records(#"'{"x": {"y": 2}}'"#, format: .falcon), [#"{"x":{"y":2}}"#])
    }

    func testRepeatShiftsISOAndNumbersAndSubstitutesIndex() throws {
        let out = try records("""
            record: {eventTime: "2026-11-22T10:00:00Z", n: "+1555000{i:4}", id: "r{i}", nested: {t: "2026-11-22T10:00:00.500Z"}}
            repeat: 3
            every: 300ms
            time_field: [eventTime, nested.t]
            """, format: .cloudtrail)
        XCTAssertEqual(out, [
            #"{"eventTime":"2026-11-22T10:00:00Z","n":"+15550000000","id":"r0","nested":{"t":"2026-11-22T10:00:00.500Z"}}"#,
            #"{"eventTime":"2026-11-22T10:00:00.300Z","n":"+15550000001","id":"r1","nested":{"t":"2026-11-22T10:00:00.800Z"}}"#,
            #"{"eventTime":"2026-11-22T10:00:00.600Z","n":"+15550000002","id":"r2","nested":{"t":"2026-11-22T10:00:01.100Z"}}"#,
        ])
    }

    func testRepeatShiftsFalconEpochTextByDefault() throws {
        let out = try records("""
            record: {event_simpleName: DnsRequest, ContextTimeStamp: "1795341600.000", timestamp: "1795341600000", secs: 1795341600}
            repeat: 2
            every: 1500ms
            """, format: .falcon)
        XCTAssertEqual(out[1], #"{"event_simpleName":"DnsRequest","ContextTimeStamp":"1795341601.500","timestamp":"1795341601500","secs":1795341600}"#)
        let whole = try records("record: {t: 1795341600, s: \"1795341600\"}\nrepeat: 2\nevery: 2s\ntime_field: [t, s]", format: .ndjson)
        XCTAssertEqual(whole[1], #"{"t":1795341602,"s":"1795341602"}"#)
    }

    func testRepeatShiftsAccessLogDates() throws {
        let out = try records("""
            record: '203.0.113.{i} - - [22/Nov/2026:23:59:59 +0000] "POST /api/auth/send-otp HTTP/1.1" 200 12 "-" "curl/8.5.0"'
            repeat: 2
            every: 1s
            """, format: .webAccess)
        XCTAssertEqual(out, [
            #"203.0.113.0 - - [22/Nov/2026:23:59:59 +0000] "POST /api/auth/send-otp HTTP/1.1" 200 12 "-" "curl/8.5.0""#,
            #"203.0.113.1 - - [23/Nov/2026:00:00:00 +0000] "POST /api/auth/send-otp HTTP/1.1" 200 12 "-" "curl/8.5.0""#,
        ])
    }

    func testBadRepeats() {
        XCTAssertThrowsError(try records("record: {a: 1}\nrepeat: 2\nevery: 1s", format: .ndjson)) { error in
            XCTAssertEqual((error as? RuleError)?.key, "every")
            XCTAssertTrue((error as? RuleError)?.reason.contains("time_field") ?? false)
        }
        XCTAssertThrowsError(try records("record: {t: soon}\nrepeat: 2\nevery: 1s\ntime_field: t", format: .ndjson)) { error in
            XCTAssertTrue((error as? RuleError)?.reason.contains("does not hold a time") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try records("record: {a: 1}\nrepeat: 0", format: .ndjson)) { error in
            XCTAssertEqual((error as? RuleError)?.key, "repeat")
        }
        XCTAssertThrowsError(try records("record: {a: 1}\nrepeat: 2\ncopies: 3", format: .ndjson)) { error in
            XCTAssertEqual((error as? RuleError)?.key, "copies")
        }
        XCTAssertThrowsError(try records("{a: 1}", format: .webAccess))
    }
}
