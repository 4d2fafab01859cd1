import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class CloudWatchMetricsReaderTests: XCTestCase {
    func testEachResultExpandsPerTimestamp() throws {
        let outcome = try Fixture.read(CloudWatchMetricsReader(), Fixture.metricData, layout: .arrayUnderKey("MetricDataResults"))
        XCTAssertEqual(outcome.malformed, [])
        XCTAssertEqual(outcome.events.count, 5)
        XCTAssertEqual(outcome.events.map(\.origin.record), [1, 1, 2, 2, 2])
        XCTAssertEqual(Set(outcome.events.map(\.origin.line)), [3, 10])
        XCTAssertEqual(outcome.events.compactMap(\.timestampMillis).max(), Timestamp.parse("2026-11-20T10:00:00Z"))
        XCTAssertTrue(outcome.events.allSatisfy { $0.format == .cloudwatchMetrics })
    }

    func testResultWithMismatchedListsIsMalformed() throws {
        let text = #"{"MetricDataResults": [{"Id": "x", "Label": "L", "Timestamps": "2026-11-20T10:00:00Z", "Values": [1.0], "StatusCode": "Complete"}], "Messages": []}"#
        let outcome = try Fixture.read(CloudWatchMetricsReader(), text, layout: .arrayUnderKey("MetricDataResults"))
        XCTAssertEqual(outcome.events.count, 0)
        XCTAssertEqual(outcome.malformed.map(\.origin.record), [1])
    }
}
