import PumpwatchCore
import PumpwatchSources
import XCTest

/// Falcon events keep Falcon's names and string values, as LogScale sees them.
final class FalconNormalizationTests: XCTestCase {
    private func normalize(_ json: String) throws -> Event {
        let events = try Normalizer.events(format: .falcon, record: try JSONParser.parse(json), origin: Origin(file: "falcon.ndjson", line: 3))
        XCTAssertEqual(events.count, 1)
        return try XCTUnwrap(events.first)
    }

    func testRawStreamEventGetsTheTagNameAndTimestampFromTimestampField() throws {
        let e = try normalize("""
            {"event_simpleName":"DnsRequest","name":"DnsRequestV4","aid":"3f6c0a1b2d4e4f5a8b9c0d1e2f3a4b5c","cid":"9a8b7c6d5e4f40312a1b2c3d4e5f6a7b","DomainName":"api.twilio.com","RequestType":"1","ContextProcessId":"81234567890","ContextThreadId":"91234567890","ContextTimeStamp":"1795168800.123","timestamp":"1795168800456","event_platform":"Lin"}
            """)
        XCTAssertEqual(e.format, .falcon)
        XCTAssertEqual(e["#event_simpleName"], .string("DnsRequest"))
        XCTAssertEqual(e["event_simpleName"], .string("DnsRequest"))
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_800_456))
        XCTAssertEqual(e["timestamp"], .string("1795168800456"))
        XCTAssertEqual(e["ContextTimeStamp"], .string("1795168800.123"))
        XCTAssertEqual(e["DomainName"], .string("api.twilio.com"))
        XCTAssertEqual(e["ContextProcessId"], .string("81234567890"))
    }

    func testLogScaleExportKeepsTagAndTurnsNumbersIntoStrings() throws {
        let e = try normalize("""
            {"@timestamp":"2026-11-20T10:00:00.000Z","#event_simpleName":"NetworkConnectIP4","#repo":"base_sensor","aid":"3f6c0a1b2d4e4f5a8b9c0d1e2f3a4b5c","ComputerName":"WEB-01","RemoteAddressIP4":"52.4.20.24","RemotePort":443,"LocalPort":51514,"Protocol":"6","TargetProcessName":"node.exe","Verified":true,"ParentInfo":{"ImageFileName":"svc.exe"},"Tags":["a","b"],"Empty":null}
            """)
        XCTAssertEqual(e["#event_simpleName"], .string("NetworkConnectIP4"))
        XCTAssertEqual(e["event_simpleName"], .string("NetworkConnectIP4"))
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_800_000))
        XCTAssertEqual(e["RemotePort"], .string("443"))
        XCTAssertEqual(e["LocalPort"], .string("51514"))
        XCTAssertEqual(e["Verified"], .string("true"))
        XCTAssertEqual(e["#repo"], .string("base_sensor"))
        XCTAssertEqual(e["ParentInfo.ImageFileName"], .string("svc.exe"))
        XCTAssertEqual(e["Tags[0]"], .string("a"))
        XCTAssertEqual(e["Tags[1]"], .string("b"))
        XCTAssertNil(e["Empty"])
    }

    func testExportTimestampMayBeEpochMilliseconds() throws {
        let number = try normalize(##"{"@timestamp":1795168800000,"#event_simpleName":"DnsRequest"}"##)
        XCTAssertEqual(number["@timestamp"], .date(1_795_168_800_000))
        let text = try normalize(##"{"@timestamp":"1795168800000","#event_simpleName":"DnsRequest"}"##)
        XCTAssertEqual(text["@timestamp"], .date(1_795_168_800_000))
    }

    func testNonObjectsAndBadTimestampsAreMalformed() throws {
        XCTAssertThrowsError(try normalize(#""DnsRequest""#)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "a Falcon event must be a JSON object")
            XCTAssertEqual((error as? MalformedRecord)?.origin.line, 3)
        }
        XCTAssertThrowsError(try normalize(##"{"@timestamp":"soon","#event_simpleName":"DnsRequest"}"##)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "@timestamp \"soon\" is not a date")
        }
    }
}
