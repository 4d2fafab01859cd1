import PumpwatchCore
import PumpwatchSimulate
import XCTest

/// The seed's four attack tests, each checked against the signal the seed says to expect.
final class SeedTestScenarioTests: XCTestCase {
    func testSNSPublishBurstIsFifteenPublishesToOneNumberWithinFiveSeconds() throws {
        let (dir, _) = try SimulationFixture.run("sns-publish-burst")
        let records = try SimulationFixture.cloudTrailRecords(dir)
        let publishes = records.filter {
            $0["eventName"]?.string == "Publish" && $0["requestParameters"]?["phoneNumber"]?.string == "+15550001234"
        }
        XCTAssertEqual(publishes.count, 15)
        let times = publishes.compactMap { Timestamp.parse($0["eventTime"]?.string ?? "") }
        XCTAssertEqual(times.count, 15)
        XCTAssertLessThanOrEqual(times.max()! - times.min()!, 5_000)
        XCTAssertEqual(Set(publishes.compactMap { $0["sourceIPAddress"]?.string }), ["203.0.113.45"])
        XCTAssertEqual(Set(publishes.compactMap { $0["userIdentity"]?["arn"]?.string }), ["arn:aws:iam::123456789012:user/ci-deploy"])
        for p in publishes {
            XCTAssertEqual(p["eventVersion"]?.string, "1.09")
            XCTAssertEqual(p["eventSource"]?.string, "sns.amazonaws.com")
            XCTAssertEqual(p["eventCategory"]?.string, "Data")
            XCTAssertEqual(p["managementEvent"], .bool(false))
            XCTAssertEqual(p["readOnly"], .bool(false))
            XCTAssertEqual(p["eventType"]?.string, "AwsApiCall")
            XCTAssertEqual(p["requestParameters"]?["message"]?.string, "HIDDEN_DUE_TO_SECURITY_REASONS")
            XCTAssertEqual(p["userIdentity"]?["accessKeyId"]?.string?.hasPrefix("AKIA"), true)
            XCTAssertEqual(p["userAgent"]?.string?.hasPrefix("aws-cli/2.18.17 "), true)
            XCTAssertEqual(p["tlsDetails"]?["clientProvidedHostHeader"]?.string, "sns.us-east-1.amazonaws.com")
            XCTAssertNotNil(p["requestID"]?.string)
            XCTAssertEqual(p["eventTime"]?.string?.count, 20)
        }

        // The delivery logs carry the same message ids, so the caller joins to the destination.
        let deliveries = try SimulationFixture.snsDeliveries(dir)
        let byID = Dictionary(deliveries.map { ($0["notification"]?["messageId"]?.string ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        for p in publishes {
            let id = try XCTUnwrap(p["responseElements"]?["messageId"]?.string)
            let delivery = try XCTUnwrap(byID[id], "no delivery log for \(id)")
            XCTAssertEqual(delivery["delivery"]?["destination"]?.string, "+15550001234")
            XCTAssertEqual(delivery["status"]?.string, "SUCCESS")
        }

        // The metric rises by 15 texts, and the spend with it.
        let metrics = try SimulationFixture.metrics(dir)
        XCTAssertEqual(SimulationFixture.metric(metrics, "NumberOfMessagesSentToPhoneNumbers").reduce(0) { $0 + $1.1 }, 15)
        let spend = SimulationFixture.metric(metrics, "SMSMonthToDateSpentUSD")
        XCTAssertGreaterThan(spend.first!.1, spend.last!.1)
    }

    func testCognitoFloodIsTwentyForgotPasswordsFromOneAddressThrottledAfterFive() throws {
        let (dir, _) = try SimulationFixture.run("cognito-forgot-password-flood")
        let calls = try SimulationFixture.cloudTrailRecords(dir).filter { $0["eventName"]?.string == "ForgotPassword" }
        XCTAssertEqual(calls.count, 20)
        XCTAssertEqual(Set(calls.compactMap { $0["sourceIPAddress"]?.string }), ["198.51.100.23"])
        XCTAssertEqual(Set(calls.compactMap { $0["requestParameters"]?["username"]?.string }).count, 1)
        XCTAssertEqual(Set(calls.compactMap { $0["additionalEventData"]?["sub"]?.string }).count, 1)
        let times = calls.compactMap { Timestamp.parse($0["eventTime"]?.string ?? "") }
        XCTAssertLessThanOrEqual(times.max()! - times.min()!, 11_000)
        let sorted = calls.sorted { ($0["eventTime"]?.string ?? "") < ($1["eventTime"]?.string ?? "") }
        let delivered = calls.filter { $0["responseElements"]?["codeDeliveryDetails"]?["deliveryMedium"]?.string == "SMS" }
        XCTAssertEqual(delivered.count, 5)
        XCTAssertTrue(sorted.prefix(3).allSatisfy { $0["errorCode"] == nil })
        let throttled = calls.filter { $0["errorCode"] != nil }
        XCTAssertEqual(throttled.count, 15)
        for call in throttled {
            XCTAssertTrue(["LimitExceededException", "TooManyRequestsException"].contains(call["errorCode"]?.string ?? ""))
            XCTAssertEqual(call["responseElements"], .null)
            XCTAssertNotNil(call["errorMessage"]?.string)
        }
        for call in calls {
            XCTAssertEqual(call["eventSource"]?.string, "cognito-idp.amazonaws.com")
            XCTAssertEqual(call["userIdentity"]?["type"]?.string, "Unknown")
            XCTAssertEqual(call["eventCategory"]?.string, "Management")
            XCTAssertEqual(call["managementEvent"], .bool(true))
        }
        // Cognito texts the five codes through SNS.
        XCTAssertEqual(try SimulationFixture.snsDeliveries(dir).count, 5)
    }

    func testOTPEndpointBurstIsSixtyRequestsFromOneAddressThenRateLimited() throws {
        let (dir, _) = try SimulationFixture.run("otp-endpoint-burst")
        let rows = try SimulationFixture.appRequests(dir).filter { $0["Name"]?.string == "POST /api/auth/send-otp" }
        XCTAssertEqual(rows.count, 60)
        XCTAssertEqual(Set(rows.compactMap { $0["ClientIP"]?.string }), ["203.0.113.77"])
        let times = rows.compactMap { Timestamp.parse($0["TimeGenerated"]?.string ?? "") }
        XCTAssertLessThanOrEqual(times.max()! - times.min()!, 15_000)
        let codes = rows.compactMap { $0["ResultCode"]?.string }
        XCTAssertEqual(codes.prefix(10).allSatisfy { $0 == "200" }, true)
        XCTAssertEqual(codes.dropFirst(10).allSatisfy { $0 == "429" }, true)
        XCTAssertEqual(rows.filter { $0["Success"] == .bool(false) }.count, 50)
        for row in rows {
            XCTAssertEqual(row["Url"]?.string, "https://shop.example.com/api/auth/send-otp")
            XCTAssertNotNil(row["OperationId"]?.string)
            XCTAssertNotNil(SimulationFixture.number(row["DurationMs"]))
        }
        let lines = try SimulationFixture.accessLog(dir).filter { $0.contains("\"POST /api/auth/send-otp HTTP/1.1\"") }
        XCTAssertEqual(lines.count, 60)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("203.0.113.77 - - [22/Nov/2026:10:40:") })
        XCTAssertEqual(lines.compactMap(SimulationFixture.accessLogStatus).filter { $0 == 429 }.count, 50)
    }

    func testTwilioAPIBurstIsFiveOutboundMessagesWithinSeconds() throws {
        let (dir, _) = try SimulationFixture.run("twilio-api-burst")
        let page = try SimulationFixture.json(try SimulationFixture.bytes(dir + "/twilio/messages-0000.json"))
        XCTAssertEqual(page["page"], .int(0))
        XCTAssertEqual(page["page_size"], .int(1000))
        XCTAssertEqual(page["next_page_uri"], .null)
        let messages = try XCTUnwrap(page["messages"]?.arrayElements)
        XCTAssertEqual(messages.count, 5)
        let times = messages.compactMap { Timestamp.parse($0["date_created"]?.string ?? "") }
        XCTAssertLessThanOrEqual(times.max()! - times.min()!, 5_000)
        XCTAssertEqual(times, times.sorted(by: >), "Twilio lists newest first")
        for m in messages {
            XCTAssertEqual(m["direction"]?.string, "outbound-api")
            XCTAssertTrue(["delivered", "sent"].contains(m["status"]?.string ?? ""))
            XCTAssertTrue(isSID(m["sid"]?.string, prefix: "SM"))
            XCTAssertTrue(isSID(m["account_sid"]?.string, prefix: "AC"))
            XCTAssertEqual(m["price_unit"]?.string, "USD")
            XCTAssertEqual(m["price"]?.string, "-0.00830")
            XCTAssertEqual(m["num_segments"]?.string, "1")
            XCTAssertEqual(m["error_code"], .null)
            XCTAssertEqual(m["to"]?.string, "+15550005678")
            XCTAssertEqual(m["date_created"]?.string?.hasSuffix(" +0000"), true)
            XCTAssertEqual(m["date_created"]?.string?.hasPrefix("Sun, 22 Nov 2026 11:00:0"), true)
        }
        let events = try SimulationFixture.twilioEvents(dir)
        XCTAssertEqual(events.filter { $0["type"]?.string == "com.twilio.messaging.message.sent" }.count, 5)
        XCTAssertEqual(events.filter { $0["type"]?.string == "com.twilio.messaging.message.delivered" }.count, 4)
        let sids = Set(messages.compactMap { $0["sid"]?.string })
        XCTAssertTrue(events.allSatisfy { sids.contains($0["data"]?["messageSid"]?.string ?? "") })
        XCTAssertTrue(events.allSatisfy { $0["specversion"]?.string == "1.0" && $0["time"]?.string != nil })
    }

    private func isSID(_ s: String?, prefix: String) -> Bool {
        guard let s, s.hasPrefix(prefix), s.count == 34 else { return false }
        return s.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
