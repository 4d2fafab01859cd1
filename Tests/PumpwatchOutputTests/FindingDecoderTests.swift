import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class FindingDecoderTests: XCTestCase {
    func testRenderingDecodedFindingsGivesTheSameNDJSON() throws {
        let text = NDJSONFindingFormatter.render(SampleFindings.all)
        let decoded = try FindingDecoder.decode(ndjson: text, file: "findings.ndjson")
        XCTAssertEqual(decoded.count, SampleFindings.all.count)
        XCTAssertEqual(NDJSONFindingFormatter.render(decoded), text)
    }

    func testDecodedFieldsMatchTheOriginal() throws {
        let original = SampleFindings.sequentialBlock
        let f = try XCTUnwrap(FindingDecoder.decode(ndjson: NDJSONFindingFormatter.render([original]), file: "f").first)
        XCTAssertEqual(f.ruleID, "sequential-destinations")
        XCTAssertEqual(f.severity, .critical)
        XCTAssertEqual(f.riskScore, 95)
        XCTAssertEqual(f.firstSeen, original.firstSeen)
        XCTAssertEqual(f.lastSeen, original.lastSeen)
        XCTAssertEqual(f.count, 450)
        XCTAssertEqual(f.entities.map(\.0), ["block", "country"])
        XCTAssertEqual(f.entity("block"), .string("+2327612345xx"))
        XCTAssertEqual(f.evidence.first { $0.0 == "sample_numbers" }?.1, original.evidence.first { $0.0 == "sample_numbers" }?.1)
        XCTAssertEqual(f.evidence.first { $0.0 == "cost_usd" }?.1, .double(18.6))
        XCTAssertEqual(f.sources, original.sources)
        XCTAssertEqual(f.summary, original.summary)
    }

    func testTimesInTheFormattersFormBecomeDatesAndOtherTextStaysText() throws {
        let line = #"""
            {"rule_id":"esql-sns-direct-to-phone-spike","title":"SNS direct-to-phone spike (Elastic)","severity":"medium","risk_score":47,"attack":["T1496.003"],"first_seen":"2026-11-22T10:00:00.000Z","last_seen":"2026-11-22T10:00:09.999Z","count":31,"entities":{"cloud.account.id":"111122223333","source.address":"203.0.113.9"},"evidence":{"window_start":"2026-11-22T10:00:00.000Z","window_length":"10s"},"fields":{"eventTime":"2026-11-22T10:00:00Z","sms_message_count":31},"sources":["cloudtrail/2026/11/22/a.json.gz"],"summary":"31 SNS publishes to phone numbers within 10 seconds"}
            """#
        let f = try XCTUnwrap(FindingDecoder.decode(ndjson: line, file: "f").first)
        XCTAssertEqual(f.evidence.first?.1, .date(Timestamp.parse("2026-11-22T10:00:00Z")!))
        XCTAssertEqual(f.evidence.last?.1, .string("10s"))
        XCTAssertEqual(f.fields.first?.1, .string("2026-11-22T10:00:00Z"))
        XCTAssertEqual(f.fields.last?.1, .int(31))
        XCTAssertEqual(f.lastSeen, Timestamp.parse("2026-11-22T10:00:09.999Z"))
        XCTAssertEqual(NDJSONFindingFormatter.render([f]), line + "\n")
    }

    func testBlankLinesAreSkippedAndDefaultsApply() throws {
        let text = "\n" + #"{"rule_id":"r","title":"T","severity":"high","count":2,"summary":"s"}"# + "\n\n"
        let f = try XCTUnwrap(FindingDecoder.decode(ndjson: text, file: "f").first)
        XCTAssertEqual(f.riskScore, 73)
        XCTAssertEqual(f.attack, [])
        XCTAssertNil(f.firstSeen)
        XCTAssertTrue(f.entities.isEmpty)
    }

    func testErrorsNameTheFileLineAndKey() {
        let good = #"{"rule_id":"r","title":"T","severity":"low","count":1,"summary":"s"}"#
        func error(_ text: String) -> FindingDecodingError? {
            do {
                _ = try FindingDecoder.decode(ndjson: text, file: "out/findings.ndjson")
                return nil
            } catch {
                return error
            }
        }
        let notJSON = error(good + "\n{\"rule_id\": ")
        XCTAssertEqual(notJSON?.file, "out/findings.ndjson")
        XCTAssertEqual(notJSON?.line, 2)
        XCTAssertNil(notJSON?.key)
        XCTAssertTrue(notJSON?.reason.hasPrefix("not JSON") ?? false)
        XCTAssertEqual(error(#"{"title":"T","severity":"low","count":1,"summary":"s"}"#)?.key, "rule_id")
        XCTAssertEqual(error(#"{"rule_id":"r","title":"T","severity":"urgent","count":1,"summary":"s"}"#)?.key, "severity")
        XCTAssertEqual(error(#"{"rule_id":"r","title":"T","severity":"low","count":"many","summary":"s"}"#)?.key, "count")
        XCTAssertEqual(error(#"{"rule_id":"r","title":"T","severity":"low","count":1,"summary":"s","first_seen":"yesterday"}"#)?.key, "first_seen")
        XCTAssertEqual(error(#"{"rule_id":"r","title":"T","severity":"low","count":1,"summary":"s","entities":["a"]}"#)?.key, "entities")
        XCTAssertEqual(error("[1, 2]")?.description, "out/findings.ndjson:1: a finding is a JSON object")
        XCTAssertNil(error(good))
    }
}
