import PumpwatchCore
import XCTest

@testable import PumpwatchTranslate

/// Which view a record goes into: the classification conditions and their order.
final class SparkSourceTableTests: XCTestCase {
    func testClassificationConditions() {
        XCTAssertEqual(SparkSourceTable.falcon.classification, "array_contains(`keys`, 'event_simpleName') OR array_contains(`keys`, '#event_simpleName')")
        XCTAssertEqual(
            SparkSourceTable.twilioEvents.classification,
            "array_contains(`keys`, 'specversion') AND startswith(get_json_object(value, '$.type'), 'com.twilio.')")
        XCTAssertEqual(SparkSourceTable.snsDelivery.classification, "array_contains(`keys`, 'notification') AND array_contains(`keys`, 'delivery')")
        XCTAssertEqual(
            SparkSourceTable.cloudtrail.classification,
            "array_contains(`keys`, 'eventVersion') OR (array_contains(`keys`, 'eventSource') AND array_contains(`keys`, 'eventName'))"
                + " OR (array_contains(`keys`, 'eventName') AND array_contains(`keys`, 'eventTime') AND (array_contains(`keys`, 'awsRegion') OR array_contains(`keys`, 'userIdentity')))")
        XCTAssertEqual(
            SparkSourceTable.appRequests.classification,
            "array_contains(`keys`, 'TimeGenerated') AND (array_contains(`keys`, 'Url') OR array_contains(`keys`, 'ResultCode'))")
        XCTAssertEqual(
            SparkSourceTable.webAccess.classification,
            #"`keys` IS NULL AND value RLIKE '^[^ ]+ [^ ]+ [^\\[]*\\[[^\\]]+\\] "([^"\\\\]|\\\\.)*" [0-9]{3}( |$)'"#)
        XCTAssertEqual(
            SparkSourceTable.twilioMessages.classification,
            "array_contains(`keys`, 'sid') AND array_contains(`keys`, 'to') AND array_contains(`keys`, 'from') AND array_contains(`keys`, 'status') AND array_contains(`keys`, 'account_sid')")
    }

    /// The JSON tests run in the order format detection applies them to a record's keys; access
    /// log lines are text, never JSON objects, and come last.
    func testOrderMatchesFormatDetection() {
        XCTAssertEqual(SparkSourceTable.allCases, [.falcon, .twilioEvents, .snsDelivery, .cloudtrail, .appRequests, .twilioMessages, .webAccess])
    }

    func testTablesAreTheViewsTheSQLReads() throws {
        XCTAssertEqual(SparkSourceTable.allCases.map(\.tableName), ["falcon", "twilio_events", "sns_delivery", "cloudtrail", "app_requests", "twilio_messages", "web_access"])
        let mapping = try FieldMapping.builtIn(for: .spark)
        for (format, source) in mapping.sources {
            let table = try XCTUnwrap(SourceFormat(rawValue: format).flatMap(SparkSourceTable.init(format:)), format)
            XCTAssertEqual(source.from, table.tableName, format)
            XCTAssertEqual(source.record, "value", format)
        }
    }

    func testFormatsWithoutAView() {
        XCTAssertNil(SparkSourceTable(format: .cloudwatchMetrics))
        XCTAssertNil(SparkSourceTable(format: .ndjson))
        for table in SparkSourceTable.allCases { XCTAssertEqual(SparkSourceTable(format: table.format), table) }
    }
}
