import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class GenericJSONReaderTests: XCTestCase {
    func testNDJSONArrayAndDocumentsKeepFieldPathsAsWritten() throws {
        let lines = #"{"user": {"name": "alice"}, "n": 1}"# + "\n" + #"{"user": {"name": "bob"}, "n": 2}"#
        let fromLines = try Fixture.read(GenericJSONReader(), lines, layout: .lines)
        XCTAssertEqual(fromLines.events.map { $0["user.name"] }, [.string("alice"), .string("bob")])
        XCTAssertEqual(fromLines.events.map(\.origin.line), [1, 2])
        let fromArray = try Fixture.read(GenericJSONReader(), #"[{"a": 1}, {"a": 2}, {"a": 3}]"#, layout: .array)
        XCTAssertEqual(fromArray.events.map { $0["a"] }, [.int(1), .int(2), .int(3)])
        let pretty = "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n"
        let fromDocuments = try Fixture.read(GenericJSONReader(), pretty, layout: .documents)
        XCTAssertEqual(fromDocuments.events.map(\.origin.line), [1, 4])
        XCTAssertTrue(fromDocuments.events.allSatisfy { $0.format == .ndjson })
    }

    func testNonObjectRecordsAreMalformed() throws {
        let outcome = try Fixture.read(GenericJSONReader(), #"[{"a": 1}, 2, "three"]"#, layout: .array)
        XCTAssertEqual(outcome.events.count, 1)
        XCTAssertEqual(outcome.malformed.map(\.origin.record), [2, 3])
    }
}
