import PumpwatchCore
import PumpwatchSources
import XCTest

/// Twilio, SNS delivery and app request records keep their fields and gain the messaging fields.
final class MessagingNormalizationTests: XCTestCase {
    private func normalize(_ format: SourceFormat, _ json: String) throws -> [Event] {
        try Normalizer.events(format: format, record: try JSONParser.parse(json), origin: Origin(file: "in.json", line: 1))
    }

    // MARK: Twilio Messages API

    static let twilioPage = """
        {"first_page_uri":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=50&Page=0","end":1,"previous_page_uri":null,"messages":[{"account_sid":"AC0123456789abcdef0123456789abcdef","api_version":"2010-04-01","body":"Your code is 482913","date_created":"Thu, 20 Nov 2026 10:00:00 +0000","date_sent":"Thu, 20 Nov 2026 10:00:01 +0000","date_updated":"Thu, 20 Nov 2026 10:00:03 +0000","direction":"outbound-api","error_code":null,"error_message":null,"from":"+15005550006","messaging_service_sid":"MG0123456789abcdef0123456789abcdef","num_media":"0","num_segments":"1","price":"-0.00750","price_unit":"USD","sid":"SM0123456789abcdef0123456789abcdef","status":"delivered","subresource_uris":{"media":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef/Media.json"},"to":"+8821234560001","uri":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef.json"},{"account_sid":"AC0123456789abcdef0123456789abcdef","body":"Your code is 119204","date_created":"Thu, 20 Nov 2026 10:00:02 +0000","date_sent":null,"date_updated":"Thu, 20 Nov 2026 10:00:04 +0000","direction":"outbound-api","error_code":30007,"error_message":"Message filtered","from":"+15005550006","num_segments":"2","price":null,"price_unit":"USD","sid":"SM1123456789abcdef0123456789abcdef","status":"Undelivered","to":"+8821234560002"}],"next_page_uri":null,"page":0,"page_size":50,"start":0,"uri":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=50&Page=0"}
        """

    func testTwilioPageGivesOneEventPerMessage() throws {
        let events = try normalize(.twilioMessages, Self.twilioPage)
        XCTAssertEqual(events.count, 2)
        let first = events[0]
        XCTAssertEqual(first.format, .twilioMessages)
        XCTAssertEqual(first.origin.record, 1)
        XCTAssertEqual(first["@timestamp"], .date(1_795_168_800_000))
        XCTAssertEqual(first["event.dataset"], .string("twilio.messages"))
        XCTAssertEqual(first["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(first["sms.from"], .string("+15005550006"))
        XCTAssertEqual(first["sms.status"], .string("delivered"))
        XCTAssertEqual(first["sms.price"], .double(0.0075))
        XCTAssertEqual(first["sms.price_unit"], .string("USD"))
        XCTAssertEqual(first["sms.account"], .string("AC0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(first["sms.message_id"], .string("SM0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(first["sms.segments"], .int(1))
        XCTAssertEqual(first["sms.direction"], .string("outbound-api"))
        XCTAssertNil(first["sms.error_code"])
        // The message's own fields stay queryable.
        XCTAssertEqual(first["price"], .string("-0.00750"))
        XCTAssertEqual(first["num_segments"], .string("1"))
        XCTAssertEqual(first["messaging_service_sid"], .string("MG0123456789abcdef0123456789abcdef"))
        XCTAssertNotNil(first["subresource_uris.media"])

        let second = events[1]
        XCTAssertEqual(second.origin.record, 2)
        XCTAssertEqual(second["sms.status"], .string("undelivered"))
        XCTAssertEqual(second["sms.error_code"], .string("30007"))
        XCTAssertEqual(second["sms.segments"], .int(2))
        XCTAssertNil(second["sms.price"], "a null price is not a cost of zero")
        XCTAssertEqual(second["@timestamp"], .date(1_795_168_802_000))
    }

    // MARK: Twilio Event Streams

    func testTwilioCloudEventsBatch() throws {
        let events = try normalize(.twilioEvents, """
            [{"specversion":"1.0","type":"com.twilio.messaging.message.delivered","source":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef.json","id":"EZ0123456789abcdef0123456789abcdef","dataschema":"https://events-schemas.twilio.com/Messaging.MessageStatus/2","datacontenttype":"application/json","time":"2026-11-20T10:00:03.000Z","data":{"messageSid":"SM0123456789abcdef0123456789abcdef","accountSid":"AC0123456789abcdef0123456789abcdef","to":"+8821234560001","from":"+15005550006","messageStatus":"DELIVERED","eventName":"com.twilio.messaging.message.delivered","timestamp":"2026-11-20T10:00:01.500Z","mcc":"901","mnc":"01"}},
             {"specversion":"1.0","type":"com.twilio.accountsecurity.verify.verification.approved","source":"/v2/Services/VA0123456789abcdef0123456789abcdef/Verifications/VE0123456789abcdef0123456789abcdef","id":"EZ1123456789abcdef0123456789abcdef","time":"2026-11-20T10:00:05.000Z","data":{"sid":"VE0123456789abcdef0123456789abcdef","accountSid":"AC0123456789abcdef0123456789abcdef","to":"+8821234560001","channel":"sms","status":"approved"}}]
            """)
        XCTAssertEqual(events.count, 2)
        let delivered = events[0]
        XCTAssertEqual(delivered["event.dataset"], .string("twilio.events"))
        XCTAssertEqual(delivered["event.action"], .string("com.twilio.messaging.message.delivered"))
        XCTAssertEqual(delivered["@timestamp"], .date(1_795_168_801_500))
        XCTAssertEqual(delivered["sms.status"], .string("delivered"))
        XCTAssertEqual(delivered["sms.message_id"], .string("SM0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(delivered["sms.account"], .string("AC0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(delivered["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(delivered["sms.mcc"], .string("901"))
        XCTAssertEqual(delivered["sms.mnc"], .string("01"))
        XCTAssertEqual(delivered["data.messageStatus"], .string("DELIVERED"))
        XCTAssertEqual(delivered["specversion"], .string("1.0"))

        let verify = events[1]
        XCTAssertEqual(verify["event.action"], .string("com.twilio.accountsecurity.verify.verification.approved"))
        XCTAssertEqual(verify["sms.status"], .string("approved"))
        XCTAssertEqual(verify["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(verify["@timestamp"], .date(1_795_168_805_000))
    }

    func testCloudEventWithoutTypeIsMalformed() {
        XCTAssertThrowsError(try normalize(.twilioEvents, #"{"specversion":"1.0","data":{}}"#)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "the Twilio CloudEvent has no type")
        }
    }

    // MARK: SNS delivery status logs

    static let deliveryJSON = """
        {"notification":{"messageId":"6d7a3c2e-1b4f-5a6d-9e8c-7b6a5d4c3b2a","timestamp":"2026-11-20 10:00:00.000"},"delivery":{"phoneCarrier":"Example Mobile","mnc":1,"numberOfMessageParts":1,"destination":"+8821234560001","priceInUSD":0.00645,"smsType":"Transactional","mcc":901,"providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":599,"dwellTimeMsUntilDeviceAck":1344},"status":"SUCCESS"}
        """

    func testSNSDeliveryJSONItself() throws {
        let events = try normalize(.snsDelivery, Self.deliveryJSON)
        XCTAssertEqual(events.count, 1)
        let e = events[0]
        XCTAssertEqual(e["event.dataset"], .string("aws.sns.delivery"))
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_800_000))
        XCTAssertEqual(e["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(e["sms.status"], .string("success"))
        XCTAssertEqual(e["event.outcome"], .string("success"))
        XCTAssertEqual(e["sms.price"], .double(0.00645))
        XCTAssertEqual(e["sms.price_unit"], .string("USD"))
        XCTAssertEqual(e["sms.message_id"], .string("6d7a3c2e-1b4f-5a6d-9e8c-7b6a5d4c3b2a"))
        XCTAssertEqual(e["sms.mcc"], .string("901"))
        XCTAssertEqual(e["sms.mnc"], .string("1"))
        XCTAssertEqual(e["sms.segments"], .int(1))
        XCTAssertEqual(e["delivery.phoneCarrier"], .string("Example Mobile"))
        XCTAssertEqual(e["delivery.dwellTimeMs"], .int(599))
        XCTAssertNil(e["sms.account"])
    }

    func testCloudWatchLogsSubscriptionDocumentGivesOneEventPerLogEvent() throws {
        let second = Self.deliveryJSON.replacingOccurrences(of: "+8821234560001", with: "+8821234560002")
            .replacingOccurrences(of: "SUCCESS", with: "FAILURE")
        let doc = """
            {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"sns/us-east-1/123456789012/DirectPublishToPhoneNumber","logStream":"8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","subscriptionFilters":["to-s3"],"logEvents":[{"id":"37890123456789012345678901234567890123456789012345678901","timestamp":1795168800100,"message":\(JSONWriter.quote(Self.deliveryJSON))},{"id":"37890123456789012345678901234567890123456789012345678902","timestamp":1795168800200,"message":\(JSONWriter.quote(second))}]}
            """
        let events = try normalize(.snsDelivery, doc)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.map(\.origin.record), [1, 2])
        XCTAssertEqual(events[0]["sms.account"], .string("123456789012"))
        XCTAssertEqual(events[0]["cloud.region"], .string("us-east-1"))
        XCTAssertEqual(events[0]["aws.cloudwatch.log_group"], .string("sns/us-east-1/123456789012/DirectPublishToPhoneNumber"))
        XCTAssertEqual(events[0]["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(events[1]["sms.to"], .string("+8821234560002"))
        XCTAssertEqual(events[1]["sms.status"], .string("failure"))
        XCTAssertEqual(events[1]["event.outcome"], .string("failure"))
    }

    func testCloudWatchLogsControlMessageHasNoEvents() throws {
        let events = try normalize(.snsDelivery, """
            {"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1795168800000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}
            """)
        XCTAssertTrue(events.isEmpty)
    }

    func testFilterLogEventsElement() throws {
        let events = try normalize(.snsDelivery, """
            {"logStreamName":"8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","timestamp":1795168800100,"message":\(JSONWriter.quote(Self.deliveryJSON)),"ingestionTime":1795168801000,"eventId":"37890123456789012345678901234567890123456789012345678901"}
            """)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0]["sms.to"], .string("+8821234560001"))
        XCTAssertEqual(events[0]["sms.price"], .double(0.00645))
        XCTAssertEqual(events[0]["aws.cloudwatch.log_stream"], .string("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
        XCTAssertEqual(events[0]["@timestamp"], .date(1_795_168_800_000), "the delivery's own time wins over the log event's")
    }

    func testLogEventWhoseMessageIsNotJSONIsMalformed() {
        XCTAssertThrowsError(try normalize(.snsDelivery, """
            {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"sns/us-east-1/123456789012/DirectPublishToPhoneNumber","logStream":"s","logEvents":[{"id":"1","timestamp":1795168800100,"message":"not json"}]}
            """)) { error in
            let reason = (error as? MalformedRecord)?.reason ?? ""
            XCTAssertTrue(reason.hasPrefix("logEvents[0].message is not SNS delivery JSON"), reason)
        }
    }

    // MARK: Application Insights requests

    func testAppRequestsRow() throws {
        let events = try normalize(.appRequests, """
            {"TimeGenerated":"2026-11-20T10:00:00.000Z","Id":"a1b2c3d4e5f60718","Name":"POST /api/auth/send-otp","Url":"https://shop.example.com/api/auth/send-otp?lang=en","ResultCode":"429","Success":false,"DurationMs":12.5,"ClientIP":"198.51.100.44","OperationId":"0123456789abcdef0123456789abcdef","AppRoleName":"shop-api"}
            """)
        XCTAssertEqual(events.count, 1)
        let e = events[0]
        XCTAssertEqual(e.format, .appRequests)
        XCTAssertEqual(e["event.dataset"], .string("azure.app_requests"))
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_800_000))
        XCTAssertEqual(e["source.ip"], .string("198.51.100.44"))
        XCTAssertEqual(e["http.request.method"], .string("POST"))
        XCTAssertEqual(e["url.original"], .string("https://shop.example.com/api/auth/send-otp?lang=en"))
        XCTAssertEqual(e["url.path"], .string("/api/auth/send-otp"))
        XCTAssertEqual(e["url.query"], .string("lang=en"))
        XCTAssertEqual(e["http.response.status_code"], .int(429))
        XCTAssertEqual(e["event.outcome"], .string("failure"))
        XCTAssertEqual(e["event.duration"], .int(12_500_000))
        XCTAssertEqual(e["OperationId"], .string("0123456789abcdef0123456789abcdef"))
        XCTAssertEqual(e["ResultCode"], .string("429"))
    }

    func testLogAnalyticsQueryResponseGivesOneEventPerRow() throws {
        let events = try normalize(.appRequests, """
            {"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"Name","type":"string"},{"name":"ResultCode","type":"string"},{"name":"ClientIP","type":"string"}],"rows":[["2026-11-20T10:00:00Z","POST /api/auth/send-otp","200","198.51.100.44"],["2026-11-20T10:00:01.5Z","POST /api/auth/send-otp","429","198.51.100.44"]]}]}
            """)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[1]["@timestamp"], .date(1_795_168_801_500))
        XCTAssertEqual(events[1]["http.response.status_code"], .int(429))
        XCTAssertEqual(events[1]["url.path"], .string("/api/auth/send-otp"))
        XCTAssertEqual(events[1].origin.record, 2)
    }

    func testAppRequestsRowWithoutTimeIsMalformed() {
        XCTAssertThrowsError(try normalize(.appRequests, #"{"Name":"GET /"}"#)) { error in
            XCTAssertEqual((error as? MalformedRecord)?.reason, "the AppRequests row has no TimeGenerated")
        }
    }

    // MARK: Generic NDJSON

    func testGenericRecordTakesTimestampFromTimeField() throws {
        let e = try XCTUnwrap(try normalize(.ndjson, #"{"time":"2026-11-20T10:00:00Z","phone":{"to":"+15550001234"},"n":[1,2]}"#).first)
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_800_000))
        XCTAssertEqual(e["phone.to"], .string("+15550001234"))
        XCTAssertEqual(e["n"], .array([.int(1), .int(2)]))
        XCTAssertEqual(e["time"], .string("2026-11-20T10:00:00Z"))
    }
}
