import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchQuery
import XCTest

/// `QueryRunner.run(paths:onMalformed:onRow:)` hands over the rows `run(paths:onMalformed:)`
/// returns, in the same order, without keeping them, on one thread and on several.
final class QueryRunnerStreamingTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines: [String] = []
        for i in 0..<400 {
            let phone = "+44770090\(String(1000 + (i * 7) % 130))"
            lines.append(
                #"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/otp-sender","accountId":"123456789012","userName":"otp-sender"},"eventTime":"2026-11-22T00:\#(String(10 + i / 60)):\#(String(10 + i % 50))Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"10.13.\#(i % 9).\#(i % 200)","userAgent":"aws-sdk-go-v2/1.30.3","requestParameters":{"phoneNumber":"\#(phone)","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"m-\#(i)"},"eventID":"e-\#(i)","eventType":"AwsApiCall","recipientAccountId":"123456789012"}"#)
        }
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("cloudtrail.ndjson"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func compare(_ language: QueryLanguage, _ text: String, workers: Int, expectedRows: Int, partial: Bool) throws {
        let plan = try language.plan(text)
        let runner = QueryRunner(plan: plan, dialect: language.dialect, nowMillis: 1_795_400_000_000)
        runner.showsProgress = false
        runner.workers = workers
        let collected = try runner.run(paths: [dir.path], onMalformed: { XCTFail("malformed: \($0)") })
        var streamed: [Row] = []
        let result = try runner.run(paths: [dir.path], onMalformed: { XCTFail("malformed: \($0)") }, onRow: { streamed.append($0) })
        XCTAssertEqual(result.rows.count, 0, "streamed rows are not kept")
        XCTAssertEqual(collected.rows.count, expectedRows, text)
        let json = { (rows: [Row]) in rows.map { JSONWriter.object($0.orderedPairs) } }
        XCTAssertEqual(json(streamed), json(collected.rows), text)
        XCTAssertEqual(result.partial, partial, text)
        XCTAssertEqual(collected.partial, partial, text)
        XCTAssertEqual(result.warnings, collected.warnings)
    }

    func testGroupByRowsStreamAsTheyAreCollected() throws {
        for workers in [1, 2] {
            try compare(.cql, "groupBy([aws.cloudtrail.flattened.request_parameters.phoneNumber], function=count())", workers: workers, expectedRows: 130, partial: false)
            try compare(.cql, "groupBy([aws.cloudtrail.flattened.request_parameters.phoneNumber], function=count(), limit=50)", workers: workers, expectedRows: 50, partial: true)
        }
    }

    func testStatsWithSortAndLimitStreamAsTheyAreCollected() throws {
        let query = "FROM logs-aws.cloudtrail-* | STATS n = COUNT(*) BY source.ip | SORT n DESC, source.ip | LIMIT 20"
        for workers in [1, 2] { try compare(.esql, query, workers: workers, expectedRows: 20, partial: false) }
    }
}
