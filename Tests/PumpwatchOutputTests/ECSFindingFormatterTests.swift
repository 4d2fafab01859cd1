import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class ECSFindingFormatterTests: XCTestCase {
    func documents() throws -> [JSONValue] {
        try parseLines(FindingFormatter.render(SampleFindings.all, as: .ecs, summary: SampleFindings.summary))
    }

    func testAlertFieldsEveryDocumentCarries() throws {
        let docs = try documents()
        XCTAssertEqual(docs.count, SampleFindings.all.count)
        for (d, f) in zip(docs, SampleFindings.all) {
            XCTAssertEqual(d.keys.first, "@timestamp")
            XCTAssertEqual(json(d, "@timestamp"), .string(Timestamp.iso8601(millis: f.lastSeen!)))
            XCTAssertEqual(json(d, "event.kind"), .string("alert"))
            XCTAssertEqual(json(d, "event.category"), .array([.string("threat")]))
            XCTAssertEqual(json(d, "event.type"), .array([.string("indicator")]))
            XCTAssertEqual(json(d, "event.risk_score"), .double(Double(f.riskScore)))
            XCTAssertEqual(json(d, "event.start"), .string(Timestamp.iso8601(millis: f.firstSeen!)))
            XCTAssertEqual(json(d, "event.end"), .string(Timestamp.iso8601(millis: f.lastSeen!)))
            XCTAssertEqual(json(d, "rule.id"), .string(f.ruleID))
            XCTAssertEqual(json(d, "rule.name"), .string(f.title))
            XCTAssertEqual(json(d, "rule.description"), .string(f.summary))
            XCTAssertEqual(json(d, "message"), .string(f.summary))
            XCTAssertEqual(json(d, "threat.framework"), .string("MITRE ATT&CK"))
            XCTAssertEqual(json(d, "threat.technique.id[0]"), .string("T1496"))
            XCTAssertEqual(json(d, "threat.technique.name[0]"), .string("Resource Hijacking"))
            XCTAssertEqual(json(d, "threat.technique.reference[0]"), .string("https://attack.mitre.org/techniques/T1496/"))
            XCTAssertEqual(json(d, "threat.technique.subtechnique.id[0]"), .string("T1496.003"))
            XCTAssertEqual(json(d, "threat.technique.subtechnique.name[0]"), .string("SMS Pumping"))
            XCTAssertEqual(json(d, "threat.technique.subtechnique.reference[0]"), .string("https://attack.mitre.org/techniques/T1496/003/"))
            XCTAssertEqual(json(d, "threat.tactic.id[0]"), .string("TA0040"))
            XCTAssertEqual(json(d, "threat.tactic.name[0]"), .string("Impact"))
            XCTAssertEqual(json(d, "pumpwatch.entities")?.keys, f.entities.map(\.0))
            XCTAssertEqual(json(d, "pumpwatch.evidence")?.keys, f.evidence.map(\.0))
        }
    }

    func testSeverityIsNumeric() throws {
        let sevs = try documents().map { json($0, "event.severity") }
        XCTAssertEqual(sevs, [.int(4), .int(4), .int(3), .int(3), .int(2)])
    }

    func testEntitiesMappedToECSFields() throws {
        let docs = try documents()
        let host = docs[0], sns = docs[2], otp = docs[3], block = docs[1]
        XCTAssertEqual(json(host, "host.name"), .string("WEB-07"))
        XCTAssertEqual(json(host, "host.id"), .string("8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60"))
        XCTAssertEqual(json(host, "related.hosts"), .array([.string("WEB-07")]))
        XCTAssertEqual(json(sns, "destination.address"), .string("+15550001234"))
        XCTAssertEqual(json(sns, "aws.cloudtrail.user_identity.arn"), .string("arn:aws:iam::123456789012:role/app-notifier"))
        XCTAssertEqual(json(sns, "source.ip"), .string("198.51.100.23"))
        XCTAssertEqual(json(sns, "related.user"), .array([.string("arn:aws:iam::123456789012:role/app-notifier")]))
        XCTAssertEqual(json(otp, "source.ip"), .string("203.0.113.77"))
        XCTAssertEqual(json(otp, "source.address"), .string("203.0.113.77"))
        XCTAssertEqual(json(otp, "url.path"), .string("/api/v1/send-otp"))
        XCTAssertEqual(json(otp, "related.ip"), .array([.string("203.0.113.77")]))
        XCTAssertEqual(json(otp, "threat.technique.id"), .array([.string("T1496"), .string("T1499")]))
        XCTAssertEqual(json(block, "destination.geo.country_iso_code"), .string("SL"))
        XCTAssertNil(json(block, "source"))
        XCTAssertEqual(json(block, keys: ["pumpwatch", "entities", "block"]), .string("+2327612345xx"))
        XCTAssertEqual(json(block, "pumpwatch.evidence.sample_numbers")?.arrayElements?.count, 16)
    }

    func testEntityNamesWithDotsStayWholeUnderPumpwatch() throws {
        let d = try documents()[2]
        XCTAssertEqual(json(d, keys: ["pumpwatch", "entities", "source.ip"]), .string("198.51.100.23"))
        XCTAssertEqual(json(d, keys: ["pumpwatch", "entities", "aws.cloudtrail.user_identity.arn"]), .string("arn:aws:iam::123456789012:role/app-notifier"))
    }

    func testHostnameSourceIsAnAddressNotAnIP() throws {
        let f = Finding(ruleID: "r", title: "t", severity: .low, attack: [], firstSeen: nil, lastSeen: nil, count: 1, entities: [("source.address", .string("bastion.internal"))], summary: "s")
        let d = ECSFindingFormatter.document(for: f, summary: HuntSummary())
        XCTAssertNil(json(d, "source.ip"))
        XCTAssertEqual(json(d, "source.address"), .string("bastion.internal"))
        XCTAssertNil(json(d, "@timestamp"))
        XCTAssertNil(json(d, "threat"))
    }
}
