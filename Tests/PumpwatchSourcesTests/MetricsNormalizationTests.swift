import PumpwatchCore
import PumpwatchSources
import XCTest

/// CloudWatch GetMetricData results expand to one event per data point.
final class MetricsNormalizationTests: XCTestCase {
    private func normalize(_ json: String) throws -> [Event] {
        try Normalizer.events(format: .cloudwatchMetrics, record: try JSONParser.parse(json), origin: Origin(file: "metrics.json", line: 1))
    }

    func testResultExpandsToOneEventPerTimestamp() throws {
        let events = try normalize("""
            {"Id":"spend","Label":"SMSMonthToDateSpentUSD","Timestamps":["2026-11-20T10:00:00+00:00","2026-11-02T00:00:00+00:00","2026-11-01T00:00:00+00:00"],"Values":[412.5,3,0.0],"StatusCode":"Complete"}
            """)
        XCTAssertEqual(events.count, 3)
        XCTAssertEqual(events.map { $0["@timestamp"] }, [.date(1_795_168_800_000), .date(1_793_577_600_000), .date(1_793_491_200_000)])
        XCTAssertEqual(events.map { $0["metric.value"] }, [.double(412.5), .double(3), .double(0)])
        for e in events {
            XCTAssertEqual(e.format, .cloudwatchMetrics)
            XCTAssertEqual(e["metric.id"], .string("spend"))
            XCTAssertEqual(e["metric.label"], .string("SMSMonthToDateSpentUSD"))
            XCTAssertEqual(e["metric.name"], .string("SMSMonthToDateSpentUSD"))
            XCTAssertEqual(e["event.dataset"], .string("aws.cloudwatch.metrics"))
        }
    }

    func testWholeResponseExpandsEveryResult() throws {
        let events = try normalize("""
            {"MetricDataResults":[{"Id":"spend","Label":"SMSMonthToDateSpentUSD","Timestamps":["2026-11-20T10:00:00Z"],"Values":[412.5]},{"Id":"sent","Label":"NumberOfMessagesSentToPhoneNumbers","Timestamps":["2026-11-20T10:00:00Z","2026-11-20T09:55:00Z"],"Values":[950,12]}],"Messages":[]}
            """)
        XCTAssertEqual(events.count, 3)
        XCTAssertEqual(events.map { $0["metric.name"] }, [
            .string("SMSMonthToDateSpentUSD"), .string("NumberOfMessagesSentToPhoneNumbers"), .string("NumberOfMessagesSentToPhoneNumbers"),
        ])
        XCTAssertEqual(events[2]["metric.value"], .double(12))
    }

    func testMismatchedArraysAreMalformed() {
        XCTAssertThrowsError(try normalize(#"{"Id":"x","Label":"y","Timestamps":["2026-11-20T10:00:00Z"],"Values":[]}"#)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "the metric result has 1 Timestamps but 0 Values")
        }
        XCTAssertThrowsError(try normalize(#"{"Id":"x"}"#)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "the metric result needs Timestamps and Values arrays")
        }
    }
}
