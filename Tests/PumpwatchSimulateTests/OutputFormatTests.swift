import Foundation
import PumpwatchCore
import PumpwatchSimulate
import PumpwatchSources
import XCTest

/// The files themselves: layout, compression, ordering, determinism, and that pumpwatch's own
/// readers take every one of them.
final class OutputFormatTests: XCTestCase {
    func testAllWritesAnExportLikeLayout() throws {
        let (dir, summary) = try SimulationFixture.run("all", scale: 0.3)
        let files = SimulationFixture.files(in: dir)
        XCTAssertEqual(files, summary.files.map(\.path))
        for expected in ["appinsights/AppRequests.ndjson", "cloudwatch/sns-metrics.json", "web/access.log", "twilio/messages-0000.json"] {
            XCTAssertTrue(files.contains(expected), expected)
        }
        let prefixes: [(String, String)] = [
            ("cloudtrail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/", ".json.gz"),
            ("falcon/falcon-", ".ndjson"), ("twilio/events-", ".json"), ("sns-delivery/sns-sms-delivery-1-", ".gz"),
        ]
        for (prefix, suffix) in prefixes {
            XCTAssertTrue(files.contains { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }, prefix)
        }
        let trail = try XCTUnwrap(files.first { $0.hasPrefix("cloudtrail/") })
        let name = String(trail.split(separator: "/").last!)
        XCTAssertTrue(name.hasPrefix("123456789012_CloudTrail_us-east-1_2026111"), name)
        XCTAssertEqual(name.split(separator: "_")[3].count, 14, "YYYYMMDDTHHMMZ")
        XCTAssertEqual(name.split(separator: "_")[4].count, 16 + ".json.gz".count)
        XCTAssertFalse(files.contains { $0.contains(".simulate-") }, "temporary files are removed")
    }

    func testSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws {
        let a = try SimulationFixture.run("all", scale: 0.2, seed: 7, cached: false)
        let b = try SimulationFixture.run("all", scale: 0.2, seed: 7, cached: false)
        let c = try SimulationFixture.run("all", scale: 0.2, seed: 8, cached: false)
        let files = SimulationFixture.files(in: a.dir)
        XCTAssertEqual(files, SimulationFixture.files(in: b.dir))
        for file in files {
            XCTAssertEqual(try SimulationFixture.bytes(a.dir + "/" + file), try SimulationFixture.bytes(b.dir + "/" + file), file)
        }
        let metricsA = try SimulationFixture.bytes(a.dir + "/appinsights/AppRequests.ndjson")
        let metricsC = try SimulationFixture.bytes(c.dir + "/appinsights/AppRequests.ndjson")
        XCTAssertNotEqual(metricsA, metricsC)
    }

    func testAnAttackIsTheSameAloneAndInsideAll() throws {
        let alone = try SimulationFixture.cloudTrailRecords(try SimulationFixture.run("sns-publish-burst").dir)
        let all = try SimulationFixture.cloudTrailRecords(try SimulationFixture.run("all", scale: 0.3).dir)
        let ids = Set(alone.compactMap { $0["eventID"]?.string })
        XCTAssertEqual(all.filter { ids.contains($0["eventID"]?.string ?? "") }.count, 15)
    }

    func testSNSDeliveryObjectsAreConcatenatedGzipMembersOfSubscriptionDocuments() throws {
        let (dir, _) = try SimulationFixture.run("sequential-block")
        let objects = SimulationFixture.files(in: dir).filter { $0.hasPrefix("sns-delivery/") }
        XCTAssertFalse(objects.isEmpty)
        var sawSeveral = false
        for object in objects {
            let members = try SimulationFixture.gunzipMembers(try SimulationFixture.bytes(dir + "/" + object))
            if members.count > 1 { sawSeveral = true }
            let joined = members.flatMap { $0 }
            if members.count > 1 { XCTAssertTrue(String(decoding: joined, as: UTF8.self).contains("]}{\"messageType\"")) }
            for member in members {
                let doc = try SimulationFixture.json(member)
                XCTAssertEqual(doc["messageType"]?.string, "DATA_MESSAGE")
                XCTAssertEqual(doc["owner"]?.string, "123456789012")
                XCTAssertEqual(doc["logGroup"]?.string?.hasPrefix("sns/us-east-1/123456789012/DirectPublishToPhoneNumber"), true)
                XCTAssertNotNil(doc["logStream"]?.string)
                XCTAssertEqual(doc["subscriptionFilters"]?.arrayElements?.count, 1)
                for event in doc["logEvents"]?.arrayElements ?? [] {
                    XCTAssertEqual(event["id"]?.string?.count, 56)
                    XCTAssertNotNil(SimulationFixture.number(event["timestamp"]))
                    let message = try JSONParser.parse(event["message"]?.string ?? "")
                    for key in ["mnc", "numberOfMessageParts", "destination", "priceInUSD", "smsType", "providerResponse", "dwellTimeMs", "mcc"] {
                        XCTAssertNotNil(message["delivery"]?[key], key)
                    }
                    XCTAssertNotNil(message["notification"]?["messageId"]?.string)
                    XCTAssertNotNil(message["notification"]?["timestamp"]?.string)
                }
            }
        }
        XCTAssertTrue(sawSeveral, "an object holds several documents")
    }

    func testCloudTrailObjectsAreGzipRecordsDocuments() throws {
        let (dir, _) = try SimulationFixture.run("baseline", scale: 0.2)
        for file in SimulationFixture.files(in: dir) where file.hasPrefix("cloudtrail/") {
            let bytes = try SimulationFixture.bytes(dir + "/" + file)
            XCTAssertEqual(Array(bytes.prefix(2)), [0x1F, 0x8B])
            let doc = try SimulationFixture.json(try SimulationFixture.gunzip(dir + "/" + file))
            XCTAssertEqual(doc.objectMembers?.map(\.0), ["Records"])
            XCTAssertFalse(doc["Records"]?.arrayElements?.isEmpty ?? true)
        }
    }

    func testNDJSONCloudTrailHoldsTheSameRecords() throws {
        let gz = try SimulationFixture.cloudTrailRecords(try SimulationFixture.run("all", scale: 0.2).dir)
        let (dir, _) = try SimulationFixture.run("all", scale: 0.2, format: .ndjson)
        let ndjsonFiles = SimulationFixture.files(in: dir).filter { $0.hasPrefix("cloudtrail/") }
        XCTAssertEqual(ndjsonFiles.count, 7)
        XCTAssertTrue(ndjsonFiles.allSatisfy { $0.hasPrefix("cloudtrail/cloudtrail-2026-11-") && $0.hasSuffix(".ndjson") })
        let nd = try SimulationFixture.cloudTrailRecords(dir)
        XCTAssertEqual(Set(nd.compactMap { $0["eventID"]?.string }), Set(gz.compactMap { $0["eventID"]?.string }))
        for file in ndjsonFiles {
            let times = try SimulationFixture.jsonLines(dir + "/" + file).compactMap { Timestamp.parse($0["eventTime"]?.string ?? "") }
            XCTAssertEqual(times, times.sorted(), file)
        }
    }

    func testLineFilesAreInTimeOrderAndPagesNewestFirst() throws {
        let (dir, _) = try SimulationFixture.run("all", scale: 0.3)
        let access = try SimulationFixture.accessLog(dir).compactMap(SimulationFixture.accessLogTime)
        XCTAssertEqual(access, access.sorted())
        let app = try SimulationFixture.appRequests(dir).compactMap { Timestamp.parse($0["TimeGenerated"]?.string ?? "") }
        XCTAssertEqual(app, app.sorted())
        for file in SimulationFixture.files(in: dir) where file.hasPrefix("falcon/") {
            let times = try SimulationFixture.jsonLines(dir + "/" + file).compactMap { Int64($0["timestamp"]?.string ?? "") }
            XCTAssertEqual(times, times.sorted(), file)
        }
        let messages = try SimulationFixture.twilioMessages(dir).compactMap { Timestamp.parse($0["date_created"]?.string ?? "") }
        XCTAssertEqual(messages, messages.sorted(by: >))
        let pages = SimulationFixture.files(in: dir).filter { $0.hasPrefix("twilio/messages-") }
        for (i, page) in pages.enumerated() {
            let doc = try SimulationFixture.json(try SimulationFixture.bytes(dir + "/" + page))
            XCTAssertEqual(doc["page"], .int(Int64(i)))
            XCTAssertEqual(doc["next_page_uri"] == .null, i == pages.count - 1)
        }
    }

    func testMonthToDateSpendRestartsOnTheFirst() throws {
        let start = Timestamp.parse("2026-11-27T00:00:00Z")!
        let (dir, _) = try SimulationFixture.run("baseline", scale: 0.3, startMillis: start)
        let spend = SimulationFixture.metric(try SimulationFixture.metrics(dir), "SMSMonthToDateSpentUSD").reversed()
        let december = Timestamp.parse("2026-12-01T00:00:00Z")!
        let lastOfNovember = try XCTUnwrap(spend.last { $0.0 < december })
        let firstOfDecember = try XCTUnwrap(spend.first { $0.0 >= december })
        // Spend accrued since 1 November, then a fresh month.
        XCTAssertGreaterThan(lastOfNovember.1, 5)
        XCTAssertLessThan(firstOfDecember.1, lastOfNovember.1 / 10)
    }

    func testPumpwatchReadersTakeEveryFileWithoutComplaint() throws {
        let (dir, summary) = try SimulationFixture.run("all", scale: 0.3)
        var options = ReadOptions()
        options.showsProgress = false
        var malformed: [String] = []
        var events = 0
        let read = try SourceReader(options: options).read(
            paths: [dir], onEvent: { _ in events += 1 }, onMalformed: { malformed.append("\($0)") })
        XCTAssertEqual(malformed, [])
        XCTAssertGreaterThanOrEqual(events, summary.totalRecords - summary.files.filter { $0.format == .cloudwatchMetrics }.map(\.records).reduce(0, +))
        let formats = Dictionary(summary.files.map { (dir + "/" + $0.path, $0.format) }, uniquingKeysWith: { a, _ in a })
        for file in read {
            XCTAssertEqual(file.format, formats[file.path], file.path)
        }
    }

    func testRefusesAFolderThatAlreadyHoldsFiles() throws {
        let dir = SimulationFixture.temporaryDirectory("not-empty")
        _ = FileManager.default.createFile(atPath: dir + "/keep.txt", contents: Data("x".utf8))
        XCTAssertThrowsError(try Simulator.run(scenarioNamed: "baseline", options: SimulationOptions(outputDirectory: dir))) { error in
            XCTAssertEqual(error as? SimulationError, .outputNotEmpty(dir))
        }
        XCTAssertThrowsError(try Simulator.run(scenarioNamed: "no-such-scenario", options: SimulationOptions(outputDirectory: dir + "/x"))) { error in
            XCTAssertEqual(error as? SimulationError, .unknownScenario("no-such-scenario"))
        }
        XCTAssertThrowsError(try Simulator.run(scenarioNamed: "baseline", options: SimulationOptions(outputDirectory: dir + "/y", scale: 0)))
    }

    func testEveryScenarioIsListedWithItsName() {
        XCTAssertEqual(Simulator.scenarios.map(\.name), [
            "baseline", "sns-publish-burst", "cognito-forgot-password-flood", "otp-endpoint-burst", "twilio-api-burst",
            "sequential-block", "high-risk-countries", "low-and-slow", "compromised-host", "all", "otp-traffic",
        ])
        XCTAssertTrue(Simulator.scenarios.allSatisfy { !$0.summary.isEmpty })
    }
}
