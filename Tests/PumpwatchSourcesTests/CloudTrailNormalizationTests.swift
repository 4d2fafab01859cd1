import PumpwatchCore
import PumpwatchSources
import XCTest

/// CloudTrail records mapped to ECS as Elastic's AWS integration maps them.
final class CloudTrailNormalizationTests: XCTestCase {
    private func normalize(_ json: String, line: Int = 1) throws -> Event {
        let record = try JSONParser.parse(json)
        let events = try Normalizer.events(format: .cloudtrail, record: record, origin: Origin(file: "trail.json", line: line))
        XCTAssertEqual(events.count, 1)
        return try XCTUnwrap(events.first)
    }

    private func malformedReason(_ json: String) -> String? {
        do {
            _ = try Normalizer.events(format: .cloudtrail, record: try JSONParser.parse(json), origin: Origin(file: "trail.json", line: 7))
            return nil
        } catch let error as MalformedRecord {
            XCTAssertEqual(error.origin, Origin(file: "trail.json", line: 7))
            return error.reason
        } catch {
            return "unexpected error \(error)"
        }
    }

    static let publishToPhone = """
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEOTPSENDER","arn":"arn:aws:iam::123456789012:user/otp-sender","accountId":"123456789012","accessKeyId":"AKIAEXAMPLEOTPKEY","userName":"otp-sender"},"eventTime":"2026-11-20T10:00:05Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-sdk-go/1.44.0 (go1.20; linux; amd64)","requestParameters":{"phoneNumber":"+15550001234","message":"HIDDEN_DUE_TO_SECURITY_REASONS","messageAttributes":{"AWS.SNS.SMS.SMSType":{"dataType":"String","stringValue":"Transactional"},"AWS.SNS.SMS.SenderID":{"dataType":"String","stringValue":"ACME"}}},"responseElements":{"messageId":"5f1e4c2a-0d5b-5c1e-9a57-2f8b9c0d1e2f"},"requestID":"0b7a3c1e-5d4f-5e6a-8b9c-0d1e2f3a4b5c","eventID":"9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a","readOnly":false,"resources":[{"accountId":"123456789012","type":"AWS::SNS::Topic","ARN":"arn:aws:sns:us-east-1:123456789012:otp"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sns.us-east-1.amazonaws.com"}}
        """

    func testSNSPublishToPhoneNumberGivesTheFieldsTheESQLHuntReads() throws {
        let e = try normalize(Self.publishToPhone)
        XCTAssertEqual(e.format, .cloudtrail)
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_805_000))
        XCTAssertEqual(e["event.provider"], .string("sns.amazonaws.com"))
        XCTAssertEqual(e["event.action"], .string("Publish"))
        XCTAssertEqual(e["event.outcome"], .string("success"))
        XCTAssertEqual(e["event.id"], .string("9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a"))
        XCTAssertEqual(e["event.kind"], .string("event"))
        XCTAssertEqual(e["event.dataset"], .string("aws.cloudtrail"))
        XCTAssertEqual(e["cloud.provider"], .string("aws"))
        XCTAssertEqual(e["cloud.account.id"], .string("123456789012"))
        XCTAssertEqual(e["cloud.region"], .string("us-east-1"))
        XCTAssertEqual(e["cloud.service.name"], .string("sns"))
        XCTAssertEqual(e["source.address"], .string("203.0.113.10"))
        XCTAssertEqual(e["source.ip"], .string("203.0.113.10"))
        XCTAssertEqual(e["user_agent.original"], .string("aws-sdk-go/1.44.0 (go1.20; linux; amd64)"))
        XCTAssertEqual(e["user_agent.name"], .string("aws-sdk-go"))
        XCTAssertEqual(e["user_agent.version"], .string("1.44.0"))
        XCTAssertEqual(e["user.name"], .string("otp-sender"))
        XCTAssertEqual(e["user.id"], .string("AIDAEXAMPLEOTPSENDER"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.arn"], .string("arn:aws:iam::123456789012:user/otp-sender"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.type"], .string("IAMUser"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.access_key_id"], .string("AKIAEXAMPLEOTPKEY"))
        XCTAssertEqual(e["aws.cloudtrail.event_category"], .string("Data"))
        XCTAssertEqual(e["aws.cloudtrail.event_type"], .string("AwsApiCall"))
        XCTAssertEqual(e["aws.cloudtrail.event_version"], .string("1.09"))
        XCTAssertEqual(e["aws.cloudtrail.recipient_account_id"], .string("123456789012"))
        XCTAssertEqual(e["aws.cloudtrail.request_id"], .string("0b7a3c1e-5d4f-5e6a-8b9c-0d1e2f3a4b5c"))
        XCTAssertEqual(e["aws.cloudtrail.read_only"], .bool(false))
        XCTAssertEqual(e["aws.cloudtrail.management_event"], .bool(false))
        XCTAssertNil(e["aws.cloudtrail.error_code"])
        // Java Map.toString() in HashMap order, as Elastic stores it.
        XCTAssertEqual(
            e["aws.cloudtrail.request_parameters"],
            .string(
                "{phoneNumber=+15550001234, messageAttributes={AWS.SNS.SMS.SMSType={stringValue=Transactional, dataType=String}, "
                    + "AWS.SNS.SMS.SenderID={stringValue=ACME, dataType=String}}, message=HIDDEN_DUE_TO_SECURITY_REASONS}"))
        XCTAssertEqual(e["aws.cloudtrail.response_elements"], .string("{messageId=5f1e4c2a-0d5b-5c1e-9a57-2f8b9c0d1e2f}"))
        XCTAssertEqual(e["aws.cloudtrail.flattened.request_parameters.phoneNumber"], .string("+15550001234"))
        XCTAssertEqual(
            e["aws.cloudtrail.flattened.request_parameters.messageAttributes.AWS.SNS.SMS.SMSType.stringValue"],
            .string("Transactional"))
        XCTAssertEqual(e["aws.cloudtrail.flattened.response_elements.messageId"], .string("5f1e4c2a-0d5b-5c1e-9a57-2f8b9c0d1e2f"))
        XCTAssertEqual(e["aws.cloudtrail.resources.arn"], .string("arn:aws:sns:us-east-1:123456789012:otp"))
        XCTAssertEqual(e["aws.cloudtrail.resources.type"], .string("AWS::SNS::Topic"))
        XCTAssertEqual(e["tls.version"], .string("1.3"))
        XCTAssertEqual(e["tls.version_protocol"], .string("tls"))
        XCTAssertEqual(e["tls.cipher"], .string("TLS_AES_128_GCM_SHA256"))
        XCTAssertEqual(e["tls.client.server_name"], .string("sns.us-east-1.amazonaws.com"))
        XCTAssertNil(e["eventName"], "raw CloudTrail names are not kept next to the ECS ones")
    }

    func testFailedCognitoForgotPasswordIsAFailureWithItsErrorCode() throws {
        let e = try normalize("""
            {"eventVersion":"1.08","userIdentity":{"type":"Unknown","principalId":"Anonymous"},"eventTime":"2026-11-20T10:00:00Z","eventSource":"cognito-idp.amazonaws.com","eventName":"ForgotPassword","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","errorCode":"LimitExceededException","errorMessage":"Attempt limit exceeded, please try after some time.","requestParameters":{"clientId":"4example1clientid2","username":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":null,"additionalEventData":{"sub":""},"requestID":"8d1e2f3a-4b5c-4d6e-9f70-1a2b3c4d5e6f","eventID":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}
            """)
        XCTAssertEqual(e["event.outcome"], .string("failure"))
        XCTAssertEqual(e["aws.cloudtrail.error_code"], .string("LimitExceededException"))
        XCTAssertEqual(e["aws.cloudtrail.error_message"], .string("Attempt limit exceeded, please try after some time."))
        XCTAssertEqual(e["event.provider"], .string("cognito-idp.amazonaws.com"))
        XCTAssertEqual(e["event.action"], .string("ForgotPassword"))
        XCTAssertEqual(e["user.id"], .string("Anonymous"))
        XCTAssertNil(e["user.name"])
        XCTAssertEqual(e["aws.cloudtrail.request_parameters"], .string("{clientId=4example1clientid2, username=HIDDEN_DUE_TO_SECURITY_REASONS}"))
        XCTAssertNil(e["aws.cloudtrail.response_elements"], "null response elements are removed")
        XCTAssertNil(e["aws.cloudtrail.additional_eventdata"], "an object holding only an empty string is removed")
        XCTAssertEqual(e["user_agent.name"], .string("Chrome"))
        XCTAssertEqual(e["user_agent.version"], .string("120.0.0.0"))
        XCTAssertEqual(e["cloud.account.id"], .string("210987654321"))
    }

    func testEmptyErrorCodeCountsAsAbsent() throws {
        let e = try normalize("""
            {"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","errorCode":"","errorMessage":null,"awsRegion":"us-east-1"}
            """)
        XCTAssertEqual(e["event.outcome"], .string("success"))
        XCTAssertNil(e["aws.cloudtrail.error_code"])
    }

    func testAssumedRoleUserNameIsTheSessionIssuersName() throws {
        let e = try normalize("""
            {"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID:otp-lambda","arn":"arn:aws:sts::123456789012:assumed-role/otp-sender-role/otp-lambda","accountId":"123456789012","accessKeyId":"ASIAEXAMPLEKEY","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEROLEID","arn":"arn:aws:iam::123456789012:role/otp-sender-role","accountId":"123456789012","userName":"otp-sender-role"},"attributes":{"creationDate":"2026-11-20T09:58:12.345Z","mfaAuthenticated":"false"}}},"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"Boto3/1.26.0 md/Botocore#1.29.0 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.11.4 cfg/retry-mode#legacy Botocore/1.29.0","requestParameters":{"phoneNumber":"+15550001235"},"eventID":"2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e","recipientAccountId":"123456789012"}
            """)
        XCTAssertEqual(e["user.name"], .string("otp-sender-role"))
        XCTAssertEqual(e["user.id"], .string("AROAEXAMPLEROLEID:otp-lambda"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.type"], .string("AssumedRole"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.session_context.session_issuer.arn"], .string("arn:aws:iam::123456789012:role/otp-sender-role"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.session_context.session_issuer.type"], .string("Role"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.session_context.mfa_authenticated"], .string("false"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.session_context.creation_date"], .date(1_795_168_692_345))
        XCTAssertEqual(e["user_agent.name"], .string("Boto3"))
        XCTAssertEqual(e["user_agent.version"], .string("1.26.0"))
    }

    func testServicePrincipalWithoutAccountIdTakesTheRecipientAccount() throws {
        let e = try normalize("""
            {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"cognito-idp.amazonaws.com"},"eventTime":"2026-11-20T10:00:03Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"cognito-idp.amazonaws.com","userAgent":"cognito-idp.amazonaws.com","requestParameters":{"phoneNumber":"+15550001236","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"eventID":"3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f","eventType":"AwsApiCall","recipientAccountId":"123456789012","sharedEventID":"4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80"}
            """)
        XCTAssertEqual(e["cloud.account.id"], .string("123456789012"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.type"], .string("AWSService"))
        XCTAssertEqual(e["aws.cloudtrail.user_identity.invoked_by"], .string("cognito-idp.amazonaws.com"))
        XCTAssertEqual(e["aws.cloudtrail.shared_event_id"], .string("4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80"))
        XCTAssertNil(e["aws.cloudtrail.user_identity.arn"])
        XCTAssertNil(e["user.id"])
        XCTAssertNil(e["user.name"])
        XCTAssertEqual(e["user_agent.name"], .string("Other"))
        XCTAssertNil(e["user_agent.version"])
        XCTAssertEqual(e["@timestamp"], .date(1_795_168_803_000))
    }

    func testHostNameSourceAddressIsKeptWithoutSourceIP() throws {
        let host = try normalize("""
            {"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","userIdentity":{"type":"AWSService","invokedBy":"sns.amazonaws.com"},"sourceIPAddress":"sns.amazonaws.com","recipientAccountId":"123456789012"}
            """)
        XCTAssertEqual(host["source.address"], .string("sns.amazonaws.com"))
        XCTAssertNil(host["source.ip"])

        let forwarded = try normalize("""
            {"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","sourceIPAddress":"198.51.100.7, 10.0.0.8"}
            """)
        XCTAssertEqual(forwarded["source.address"], .string("198.51.100.7, 10.0.0.8"))
        XCTAssertNil(forwarded["source.ip"])

        let v6 = try normalize("""
            {"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","sourceIPAddress":"2001:db8::1f"}
            """)
        XCTAssertEqual(v6["source.ip"], .string("2001:db8::1f"))
    }

    func testConsoleLoginOutcomeComesFromTheResponse() throws {
        let e = try normalize("""
            {"eventVersion":"1.05","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEADMIN","arn":"arn:aws:iam::123456789012:user/admin","accountId":"123456789012","userName":"admin"},"eventTime":"2026-11-20T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","userAgent":"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0","responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/sns","MobileVersion":"No","MFAUsed":"Yes"},"eventID":"5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091"}
            """)
        XCTAssertEqual(e["event.outcome"], .string("failure"))
        XCTAssertEqual(e["aws.cloudtrail.console_login.additional_eventdata.mfa_used"], .bool(true))
        XCTAssertEqual(e["aws.cloudtrail.console_login.additional_eventdata.mobile_version"], .bool(false))
        XCTAssertEqual(e["aws.cloudtrail.console_login.additional_eventdata.login_to"], .string("https://console.aws.amazon.com/sns"))
        XCTAssertEqual(e["user_agent.name"], .string("Firefox"))
        XCTAssertEqual(e["user_agent.version"], .string("128.0"))
        XCTAssertEqual(e["user.email"], nil)
    }

    func testIdentityCenterUserNameMovesOutOfAdditionalEventData() throws {
        let e = try normalize("""
            {"eventVersion":"1.09","userIdentity":{"type":"IdentityCenterUser","accountId":"123456789012","arn":""},"eventTime":"2026-11-20T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"UserAuthentication","awsRegion":"us-east-2","sourceIPAddress":"198.51.100.9","additionalEventData":{"UserName":"ops@example.com","CredentialType":"PASSWORD"},"serviceEventDetails":{"UserAuthentication":"Success"},"eventID":"6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2"}
            """)
        XCTAssertEqual(e["user.name"], .string("ops@example.com"))
        XCTAssertEqual(e["user.email"], .string("ops@example.com"))
        XCTAssertEqual(e["aws.cloudtrail.additional_eventdata"], .string("{CredentialType=PASSWORD}"))
        XCTAssertNil(e["aws.cloudtrail.flattened.additional_eventdata.UserName"])
        XCTAssertEqual(e["aws.cloudtrail.service_event_details"], .string("{UserAuthentication=Success}"))
        XCTAssertNil(e["aws.cloudtrail.user_identity.arn"], "an empty ARN is removed")
    }

    func testRecordsFileBodyGivesOneEventPerRecord() throws {
        let body = "{\"Records\":[" + Self.publishToPhone + "," + Self.publishToPhone + "]}"
        let events = try Normalizer.events(format: .cloudtrail, record: try JSONParser.parse(body), origin: Origin(file: "t.json.gz", line: 1))
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.map(\.origin.record), [1, 2])
        XCTAssertEqual(events[1]["event.action"], .string("Publish"))
    }

    func testRecordsThatAreNotCloudTrailAreMalformed() {
        XCTAssertEqual(malformedReason("[1, 2]"), "a CloudTrail record must be a JSON object")
        XCTAssertEqual(
            malformedReason(#"{"eventSource":"sns.amazonaws.com","eventName":"Publish"}"#),
            "the CloudTrail record has no eventTime")
        XCTAssertEqual(
            malformedReason(#"{"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com"}"#),
            "the CloudTrail record has no eventName")
        XCTAssertEqual(
            malformedReason(#"{"eventTime":"yesterday","eventSource":"sns.amazonaws.com","eventName":"Publish"}"#),
            "eventTime \"yesterday\" is not a date")
    }
}
