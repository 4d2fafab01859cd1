import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

final class OutboundMessageTests: XCTestCase {
    func testJavaMapValuesAreReadByKey() {
        let map = "{phoneNumber=+23276123456, message=Your code is 1234, messageAttributes={AWS.SNS.SMS.SMSType={dataType=String}}}"
        XCTAssertEqual(OutboundMessage.javaMapValue(map, key: "phoneNumber"), "+23276123456")
        XCTAssertEqual(OutboundMessage.javaMapValue(map, key: "message"), "Your code is 1234")
        XCTAssertEqual(OutboundMessage.javaMapValue(map, key: "dataType"), "String")
        XCTAssertNil(OutboundMessage.javaMapValue(map, key: "subject"))
        // The first occurrence decides: a key ending another key's name is not that key.
        XCTAssertNil(OutboundMessage.javaMapValue("{myphoneNumber=+1, phoneNumber=+2}", key: "phoneNumber"))
        XCTAssertEqual(OutboundMessage.javaMapValue("phoneNumber=+15550001234", key: "phoneNumber"), "+15550001234")
        XCTAssertNil(OutboundMessage.javaMapValue("{phoneNumber= , x=1}", key: "phoneNumber"))
        XCTAssertEqual(OutboundMessage.javaMapValue("{a=1,messageId=ünïcode-1}", key: "messageId"), "ünïcode-1")
    }

    func testObservedEventWorksOutTheTextOnceForEveryDetector() {
        let event = Event(
            fields: [
                "@timestamp": .date(1_795_000_000_000), "event.dataset": .string("aws.cloudtrail"), "event.provider": .string("sns.amazonaws.com"),
                "event.action": .string("Publish"), "aws.cloudtrail.request_parameters": .string("{phoneNumber=+23276123456, message=hi}"),
                "source.ip": .string("203.0.113.9"),
            ], origin: Origin(file: "f", line: 1), format: .cloudtrail)
        let observed = ObservedEvent(event)
        XCTAssertEqual(observed.outboundMessage?.destinationText, "+23276123456")
        XCTAssertEqual(observed.outboundMessage?.sourceIP, "203.0.113.9")
        XCTAssertEqual(observed.call?.api, "sns-publish")
        XCTAssertNotNil(observed.call?.sent(cognitoActions: [], paths: []))
    }

    func testCallsAreNarrowedByTheRulesLists() {
        let cognito = Event(
            fields: [
                "@timestamp": .date(1_795_000_000_000), "event.dataset": .string("aws.cloudtrail"),
                "event.provider": .string("cognito-idp.amazonaws.com"), "event.action": .string("ForgotPassword"),
            ], origin: Origin(file: "f", line: 1), format: .cloudtrail)
        let call = ObservedEvent(cognito).call
        XCTAssertEqual(call?.api, "cognito")
        XCTAssertNotNil(call?.sent(cognitoActions: ["ForgotPassword"], paths: []))
        XCTAssertNil(call?.sent(cognitoActions: ["SignUp"], paths: []))
        XCTAssertNil(SMSAPICall.from(cognito)?.sent(cognitoActions: ["SignUp"], paths: []))

        let web = Event(
            fields: ["@timestamp": .date(1_795_000_000_000), "event.dataset": .string("web.access"), "url.path": .string("/API/Send-OTP")],
            origin: Origin(file: "f", line: 1), format: .webAccess)
        let request = ObservedEvent(web).call
        XCTAssertEqual(request?.api, "otp-endpoint")
        XCTAssertNotNil(request?.sent(cognitoActions: [], paths: ["/send-otp"]))
        XCTAssertNil(request?.sent(cognitoActions: [], paths: ["/verify/start"]))
    }
}
