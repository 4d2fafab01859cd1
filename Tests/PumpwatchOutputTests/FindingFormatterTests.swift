import PumpwatchCore
import PumpwatchDetect
import XCTest
@testable import PumpwatchOutput

final class FindingFormatterTests: XCTestCase {
    func testEveryFormatRendersAndTheMachineFormatsParse() throws {
        XCTAssertEqual(FindingFormat.allCases.map(\.rawValue), ["table", "json", "ndjson", "ecs", "ocsf", "sarif"])
        for format in FindingFormat.allCases {
            let text = FindingFormatter.render(SampleFindings.all, as: format, summary: SampleFindings.summary)
            XCTAssertTrue(text.hasSuffix("\n"), format.rawValue)
            switch format {
            case .table: XCTAssertTrue(text.hasPrefix("CRITICAL"))
            case .json, .sarif: XCTAssertNoThrow(try JSONParser.parse(text), format.rawValue)
            case .ndjson, .ecs, .ocsf: XCTAssertEqual(try parseLines(text).count, SampleFindings.all.count, format.rawValue)
            }
        }
    }

    func testOutputIsDeterministic() {
        for format in FindingFormat.allCases {
            XCTAssertEqual(FindingFormatter.render(SampleFindings.all, as: format, summary: SampleFindings.summary),
                           FindingFormatter.render(SampleFindings.all, as: format, summary: SampleFindings.summary))
        }
    }
}
