import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class SARIFFindingFormatterTests: XCTestCase {
    func log(_ findings: [Finding] = SampleFindings.all) throws -> JSONValue {
        try JSONParser.parse(FindingFormatter.render(findings, as: .sarif, summary: SampleFindings.summary))
    }

    func testLogRunAndDriver() throws {
        let doc = try log()
        XCTAssertEqual(doc["version"], .string("2.1.0"))
        XCTAssertNotNil(doc["$schema"]?.string)
        XCTAssertEqual(doc["runs"]?.arrayElements?.count, 1)
        XCTAssertEqual(json(doc, "runs[0].tool.driver.name"), .string("pumpwatch"))
        let rules = try XCTUnwrap(json(doc, "runs[0].tool.driver.rules")?.arrayElements)
        XCTAssertEqual(rules.map { $0["id"]?.string }, ["logscale-sms-pumping", "sequential-destinations", "repeated-destination", "otp-request-flood", "new-destination-country"])
        XCTAssertEqual(json(rules[0], "name"), .string("LogscaleSmsPumping"))
        XCTAssertEqual(json(rules[0], "shortDescription.text"), .string("Host contacting SMS APIs far above its baseline"))
        XCTAssertNotNil(json(rules[0], "fullDescription.text")?.string?.range(of: "T1496.003"))
        XCTAssertEqual(json(rules[0], "defaultConfiguration.level"), .string("error"))
        XCTAssertEqual(json(rules[4], "defaultConfiguration.level"), .string("warning"))
        let tags = try XCTUnwrap(json(rules[3], "properties.tags")?.arrayElements?.compactMap(\.string))
        XCTAssertTrue(tags.contains("T1496.003"))
        XCTAssertTrue(tags.contains("T1499.003"))
        XCTAssertEqual(json(rules[0], "properties.security-severity"), .string("9.9"))
        XCTAssertEqual(json(doc, "runs[0].properties.summary.rules_run"), .int(14))
    }

    func testResults() throws {
        let doc = try log()
        let results = try XCTUnwrap(json(doc, "runs[0].results")?.arrayElements)
        XCTAssertEqual(results.count, 5)
        let r = results[3]
        XCTAssertEqual(r["ruleId"], .string("otp-request-flood"))
        XCTAssertEqual(r["ruleIndex"], .int(3))
        XCTAssertEqual(r["level"], .string("error"))
        XCTAssertEqual(json(r, "message.text"), .string(SampleFindings.otpFlood.summary))
        XCTAssertEqual(json(r, "locations[0].physicalLocation.artifactLocation.uri"), .string("logs/nginx/access.log"))
        XCTAssertEqual(json(r, "locations[1].physicalLocation.artifactLocation.uri"), .string("logs/nginx/access.log.1"))
        XCTAssertEqual(json(r, "partialFingerprints.pumpwatchFinding/v1")?.string?.count, 16)
        XCTAssertEqual(json(r, "properties.risk_score"), .int(73))
        XCTAssertEqual(json(r, keys: ["properties", "entities", "source.ip"]), .string("203.0.113.77"))
        XCTAssertEqual(json(r, "properties.evidence.throttled_share"), .double(0.62))
        XCTAssertEqual(json(r, "properties.first_seen"), .string("2026-11-22T10:10:00.000Z"))
        XCTAssertEqual(json(results[4], "level"), .string("warning"))
        var low = SampleFindings.newCountry
        low.severity = .low
        XCTAssertEqual(json(try log([low]), "runs[0].results[0].level"), .string("note"))
    }

    func testFingerprintsFollowRuleAndEntitiesOnly() throws {
        var other = SampleFindings.snsBurst
        other.count = 99
        other.firstSeen = nil
        var elsewhere = SampleFindings.snsBurst
        elsewhere.entities[0].1 = .string("+15550009999")
        let results = try XCTUnwrap(json(try log([SampleFindings.snsBurst, other, elsewhere]), "runs[0].results")?.arrayElements)
        let prints = results.map { json($0, "partialFingerprints.pumpwatchFinding/v1") }
        XCTAssertEqual(prints[0], prints[1])
        XCTAssertNotEqual(prints[0], prints[2])
    }

    func testAbsolutePathsBecomeFileURIs() {
        XCTAssertEqual(SARIFFindingFormatter.uri(forPath: "/var/log/my logs/access.log"), "file:///var/log/my%20logs/access.log")
        XCTAssertEqual(SARIFFindingFormatter.uri(forPath: "logs/é#1.json"), "logs/%C3%A9%231.json")
    }
}
