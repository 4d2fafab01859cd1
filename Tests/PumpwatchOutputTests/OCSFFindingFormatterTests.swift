import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class OCSFFindingFormatterTests: XCTestCase {
    func events() throws -> [JSONValue] {
        try parseLines(FindingFormatter.render(SampleFindings.all, as: .ocsf, summary: SampleFindings.summary))
    }

    func testDetectionFindingClassAndRequiredAttributes() throws {
        let docs = try events()
        XCTAssertEqual(docs.count, SampleFindings.all.count)
        for (d, f) in zip(docs, SampleFindings.all) {
            XCTAssertEqual(d["class_uid"], .int(2004))
            XCTAssertEqual(d["class_name"], .string("Detection Finding"))
            XCTAssertEqual(d["category_uid"], .int(2))
            XCTAssertEqual(d["category_name"], .string("Findings"))
            XCTAssertEqual(d["activity_id"], .int(1))
            XCTAssertEqual(d["activity_name"], .string("Create"))
            XCTAssertEqual(d["type_uid"], .int(200401))
            XCTAssertEqual(d["time"], .int(f.lastSeen!))
            XCTAssertEqual(d["start_time"], .int(f.firstSeen!))
            XCTAssertEqual(d["end_time"], .int(f.lastSeen!))
            XCTAssertEqual(d["count"], .int(Int64(f.count)))
            XCTAssertEqual(d["status_id"], .int(1))
            XCTAssertEqual(d["status"], .string("New"))
            XCTAssertEqual(d["risk_score"], .int(Int64(f.riskScore)))
            XCTAssertEqual(json(d, "metadata.version"), .string("1.3.0"))
            XCTAssertEqual(json(d, "metadata.product.name"), .string("pumpwatch"))
            XCTAssertEqual(json(d, "metadata.product.vendor_name"), .string("pumpwatch"))
            XCTAssertEqual(json(d, "finding_info.uid")?.string?.count, 32)
            XCTAssertEqual(json(d, "finding_info.title"), .string(f.title))
            XCTAssertEqual(json(d, "finding_info.desc"), .string(f.summary))
            XCTAssertEqual(json(d, "finding_info.types[0]"), .string("Resource Hijacking: SMS Pumping"))
            XCTAssertEqual(json(d, "finding_info.analytic.uid"), .string(f.ruleID))
            XCTAssertEqual(json(d, "finding_info.analytic.type_id"), .int(1))
            XCTAssertEqual(json(d, "finding_info.analytic.type"), .string("Rule"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].technique.uid"), .string("T1496"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].technique.name"), .string("Resource Hijacking"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].sub_technique.uid"), .string("T1496.003"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].sub_technique.name"), .string("SMS Pumping"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].tactic.uid"), .string("TA0040"))
            XCTAssertEqual(json(d, "finding_info.attacks[0].tactic.name"), .string("Impact"))
            XCTAssertEqual(json(d, "finding_info.first_seen_time"), .int(f.firstSeen!))
            XCTAssertEqual(json(d, "finding_info.last_seen_time"), .int(f.lastSeen!))
            XCTAssertEqual(json(d, "evidences")?.arrayElements?.count, 1)
            XCTAssertEqual(json(d, "evidences[0].data.entities")?.keys, f.entities.map(\.0))
        }
    }

    func testSeverityIDs() {
        XCTAssertEqual(Severity.allCases.map(OCSFFindingFormatter.severityID), [2, 3, 4, 5])
        let d = OCSFFindingFormatter.event(for: SampleFindings.newCountry, summary: HuntSummary())
        XCTAssertEqual(d["severity_id"], .int(3))
        XCTAssertEqual(d["severity"], .string("Medium"))
        XCTAssertEqual(d["risk_level_id"], .int(2))
    }

    func testEvidenceAndObservables() throws {
        let docs = try events()
        let host = docs[0], sns = docs[2]
        XCTAssertEqual(json(host, "evidences[0].device.hostname"), .string("WEB-07"))
        XCTAssertEqual(json(host, "evidences[0].device.uid"), .string("8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60"))
        XCTAssertEqual(json(host, "evidences[0].device.type_id"), .int(0))
        XCTAssertEqual(json(host, "observables[0].name"), .string("evidences[0].device.hostname"))
        XCTAssertEqual(json(host, "observables[0].type_id"), .int(1))
        XCTAssertEqual(json(host, "unmapped.fields.DetectionBranch"), .string("DNS"))
        XCTAssertEqual(json(sns, "evidences[0].src_endpoint.ip"), .string("198.51.100.23"))
        XCTAssertEqual(json(sns, "evidences[0].actor.user.uid"), .string("arn:aws:iam::123456789012:role/app-notifier"))
        let observables = try XCTUnwrap(sns["observables"]?.arrayElements)
        let byType = Dictionary(grouping: observables, by: { $0["type_id"]?.int ?? -1 })
        XCTAssertEqual(byType[2]?.first?["value"], .string("198.51.100.23"))
        XCTAssertEqual(byType[10]?.first?["value"], .string("arn:aws:iam::123456789012:role/app-notifier"))
        XCTAssertEqual(byType[99]?.first?["value"], .string("+15550001234"))
        XCTAssertNil(sns["unmapped"])
    }

    func testFindingUIDDiffersByTimeButNotByCount() {
        var a = SampleFindings.snsBurst
        let uid = { (f: Finding) in json(OCSFFindingFormatter.event(for: f, summary: HuntSummary()), "finding_info.uid") }
        let first = uid(a)
        a.count += 1
        XCTAssertEqual(uid(a), first)
        a.lastSeen! += 1000
        XCTAssertNotEqual(uid(a), first)
    }
}
