import Foundation
import XCTest

@testable import PumpwatchTranslate

/// The built-in mappings load, and `--mapping` files override their entries.
final class MappingTests: XCTestCase {
    func testEveryTargetHasAMapping() throws {
        for target in TranslationTarget.allCases {
            let m = try FieldMapping.builtIn(for: target)
            XCTAssertEqual(m.target, target.rawValue)
            XCTAssertNotNil(m.sources["cloudtrail"], target.rawValue)
            XCTAssertNotNil(m.sources["falcon"], target.rawValue)
        }
    }

    func testKQLUsesAWSCloudTrailColumns() throws {
        let fields = try XCTUnwrap(FieldMapping.builtIn(for: .kql).sources["cloudtrail"]?.fields)
        XCTAssertEqual(fields["event.provider"]?.name, "EventSource")
        XCTAssertEqual(fields["event.action"]?.name, "EventName")
        XCTAssertEqual(fields["aws.cloudtrail.user_identity.arn"]?.name, "UserIdentityArn")
        XCTAssertEqual(fields["source.address"]?.name, "SourceIpAddress")
        XCTAssertEqual(fields["@timestamp"]?.name, "TimeGenerated")
    }

    func testOverrideReplacesEntriesAndKeepsTheRest() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).json")
        try Data(#"{"sources": {"cloudtrail": {"from": "MyTrail", "fields": {"event.action": {"name": "Operation"}}}}}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let m = try FieldMapping.builtIn(for: .kql).overriding(with: FieldMapping.load(path: url.path))
        XCTAssertEqual(m.sources["cloudtrail"]?.from, "MyTrail")
        XCTAssertEqual(m.sources["cloudtrail"]?.fields?["event.action"]?.name, "Operation")
        XCTAssertEqual(m.sources["cloudtrail"]?.fields?["event.provider"]?.name, "EventSource")
    }

    func testBadMappingFileSaysWhere() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).json")
        try Data(#"{"sources": {"cloudtrail": {"fields": {"event.action": {"name": 3}}}}}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try FieldMapping.load(path: url.path)) { error in
            XCTAssertTrue("\(error)".contains("sources.cloudtrail.fields.event.action.name"), "\(error)")
        }
    }
}
