import PumpwatchCore
import PumpwatchSources
import XCTest

@testable import PumpwatchServer

final class IngestTwilioStatusCallbackTests: XCTestCase {
    let sid = "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c"

    func testDeliveredCallbackBecomesAMessageResource() throws {
        let body = IngestFixtures.formBody(IngestFixtures.statusCallback(sid: sid, status: "delivered"))
        let callback = try TwilioStatusCallback(form: Array(body.utf8))
        XCTAssertEqual(callback.eventID, "\(sid):delivered")
        let receivedAt: Int64 = 1_763_632_805_000
        let record = callback.messageResource(receivedAt: receivedAt)
        XCTAssertEqual(record["sid"], .string(sid))
        XCTAssertEqual(record["to"], .string("+37250001234"))
        XCTAssertEqual(record["from"], .string("+15017122661"))
        XCTAssertEqual(record["account_sid"], .string(IngestFixtures.accountSid))
        XCTAssertEqual(record["status"], .string("delivered"))
        XCTAssertEqual(record["date_updated"], .string("Thu, 20 Nov 2025 10:00:05 +0000"))

        let events = try Normalizer.events(format: .twilioMessages, record: record, origin: Origin(file: "t", line: 1))
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0]["sms.to"], .string("+37250001234"))
        XCTAssertEqual(events[0]["sms.status"], .string("delivered"))
        XCTAssertEqual(events[0]["sms.message_id"], .string(sid))
        XCTAssertEqual(events[0].timestampMillis, receivedAt)
    }

    func testUndeliveredCarriesTheErrorCode() throws {
        let callback = try TwilioStatusCallback(parameters: IngestFixtures.statusCallback(sid: sid, status: "undelivered"))
        let record = callback.messageResource(receivedAt: 0)
        XCTAssertEqual(record["error_code"], .int(30008))
        XCTAssertEqual(record["date_updated"], .string("Thu, 01 Jan 1970 00:00:00 +0000"))
        let events = try Normalizer.events(format: .twilioMessages, record: record, origin: Origin(file: "t", line: 1))
        XCTAssertEqual(events[0]["sms.error_code"], .string("30008"))
    }

    func testFormWithoutSidOrStatusIsRefused() {
        XCTAssertThrowsError(try TwilioStatusCallback(form: Array("MessageStatus=sent&To=%2B37250001234".utf8))) { error in
            XCTAssertEqual((error as? IngestError)?.kind, .malformed)
        }
        XCTAssertThrowsError(try TwilioStatusCallback(form: Array("MessageSid=\(sid)&To=%2B37250001234".utf8)))
        XCTAssertThrowsError(try TwilioStatusCallback(form: Array("MessageSid=SM%2F..%2Fx&MessageStatus=sent".utf8)))
        XCTAssertThrowsError(try TwilioStatusCallback(form: Array("MessageSid=\(sid)&MessageStatus=%ZZ".utf8)))
    }

    func testDatesFollowTheCalendar() {
        XCTAssertEqual(TwilioStatusCallback.rfc2822(millis: 951_782_400_000), "Tue, 29 Feb 2000 00:00:00 +0000")
        XCTAssertEqual(Timestamp.parse(TwilioStatusCallback.rfc2822(millis: 1_763_632_805_999)), 1_763_632_805_000)
    }
}
