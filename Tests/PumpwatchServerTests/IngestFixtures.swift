import CZlib
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PumpwatchServer
import PumpwatchStore

/// Records in the real formats for the ingest tests, and the pieces that sign and compress them
/// the way Twilio, Firehose and CloudWatch Logs do, written from their documentation.
enum IngestFixtures {
    // MARK: - CloudTrail

    /// An SNS `Publish` straight to a phone number, as CloudTrail records it.
    static func cloudTrailPublish(eventID: String, phone: String = "+37250001234", time: String = "2025-11-20T10:00:03Z") -> String {
        #"{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROA4EXAMPLEROLEID:signup-lambda","arn":"arn:aws:sts::111122223333:assumed-role/signup-role/signup-lambda","accountId":"111122223333","accessKeyId":"ASIA4EXAMPLEKEY7Q2","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA4EXAMPLEROLEID","arn":"arn:aws:iam::111122223333:role/signup-role","accountId":"111122223333","userName":"signup-role"},"attributes":{"creationDate":"2025-11-20T09:41:12Z","mfaAuthenticated":"false"}}},"eventTime":"\#(time)","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sns#1.31.3","requestParameters":{"phoneNumber":"\#(phone)","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"6d3f1c52-1b0e-5f8a-9c2d-0e8b7a4f3e21"},"requestID":"5e7c9a1b-3d2f-5a4e-8b6c-1f0e9d8c7b6a","eventID":"\#(eventID)","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sns.us-east-1.amazonaws.com"}}"#
    }

    /// The same API call as EventBridge delivers it (`detail-type` "AWS API Call via CloudTrail").
    static func eventBridgeCloudTrail(eventID: String, phone: String = "+37250001234") -> String {
        #"{"version":"0","id":"0f3b2c1d-4e5f-6a7b-8c9d-0e1f2a3b4c5d","detail-type":"AWS API Call via CloudTrail","source":"aws.sns","account":"111122223333","time":"2025-11-20T10:00:03Z","region":"us-east-1","resources":[],"detail":\#(cloudTrailPublish(eventID: eventID, phone: phone))}"#
    }

    // MARK: - Falcon

    /// A Falcon Data Replicator `DnsRequest` event.
    static func falconDNS(id: String, domain: String = "api.twilio.com") -> String {
        #"{"event_simpleName":"DnsRequest","ContextTimeStamp":"1763632800.123","ConfigStateHash":"1763245089","ContextProcessId":"1122334455667788","DomainName":"\#(domain)","RequestType":"1","aid":"4f1c9e0a2b3d4c5e6f7a8b9c0d1e2f3a","cid":"a1b2c3d4e5f60718293a4b5c6d7e8f90","event_platform":"Lin","id":"\#(id)","name":"DnsRequestV4","timestamp":"1763632800456","ComputerName":"web-signup-03"}"#
    }

    // MARK: - Twilio

    static let authToken = "9f2c1e7d5b3a48c6e0d1f2a3b4c5d6e7"
    static let accountSid = "AC3f9e1c2b7d5a4e6f8091a2b3c4d5e6f7"

    /// The form Twilio posts to a status callback URL when a message is delivered.
    static func statusCallback(sid: String, status: String, to: String = "+37250001234") -> [(String, String)] {
        var params = [
            ("SmsSid", sid), ("SmsStatus", status), ("MessageStatus", status), ("To", to),
            ("MessagingServiceSid", "MG2b8e4f6a1c3d5e7f9a0b1c2d3e4f5a6b"), ("MessageSid", sid), ("AccountSid", accountSid),
            ("From", "+15017122661"), ("ApiVersion", "2010-04-01"),
        ]
        if status == "undelivered" || status == "failed" { params.append(("ErrorCode", "30008")) }
        return params
    }

    /// A Twilio Event Streams CloudEvent for a message status change.
    static func cloudEvent(id: String, sid: String, status: String, to: String = "+37250001234") -> String {
        #"{"specversion":"1.0","type":"com.twilio.messaging.message.\#(status)","source":"/2010-04-01/Accounts/\#(accountSid)/Messages/\#(sid).json","id":"\#(id)","dataschema":"https://events-schemas.twilio.com/Messaging.MessageStatus/2","datacontenttype":"application/json","time":"2025-11-20T10:00:05.000Z","data":{"accountSid":"\#(accountSid)","eventName":"com.twilio.messaging.message.\#(status)","from":"+15017122661","messageSid":"\#(sid)","messageStatus":"\#(status.uppercased())","messagingServiceSid":"MG2b8e4f6a1c3d5e7f9a0b1c2d3e4f5a6b","timestamp":"2025-11-20T10:00:05.000Z","to":"\#(to)"}}"#
    }

    // MARK: - SNS delivery logs through CloudWatch Logs and Firehose

    /// An SNS SMS delivery status log line.
    static func snsDelivery(messageID: String, destination: String = "+37250001234") -> String {
        #"{"notification":{"messageId":"\#(messageID)","timestamp":"2025-11-20 10:00:03.412"},"delivery":{"phoneCarrier":"Telia Eesti","mnc":1,"numberOfMessageParts":1,"destination":"\#(destination)","priceInUSD":0.0645,"smsType":"Transactional","mcc":248,"providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":412,"dwellTimeMsUntilDeviceAck":1873},"status":"SUCCESS"}"#
    }

    /// A CloudWatch Logs subscription payload whose log events carry SNS delivery records.
    static func subscriptionPayload(logEventIDs: [String]) -> String {
        let events = logEventIDs.enumerated().map { i, id in
            "{\"id\":\"\(id)\",\"timestamp\":\(1_763_632_803_412 + i),\"message\":\(quote(snsDelivery(messageID: "msg-\(id.suffix(6))")))}"
        }
        return #"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"sns/us-east-1/111122223333/DirectPublishToPhoneNumber","logStream":"6a1e9f2c-3b4d-4e5f-8a7b-9c0d1e2f3a4b","subscriptionFilters":["pumpwatch-sms-delivery"],"logEvents":["# + events.joined(separator: ",") + "]}"
    }

    /// The payload CloudWatch Logs sends when it checks the destination.
    static let controlPayload =
        #"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1763632800000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}"#

    /// A Firehose HTTP endpoint request carrying `records` as base64 data.
    static func firehoseBody(requestID: String, records: [[UInt8]]) -> String {
        let data = records.map { "{\"data\":\"\(Data($0).base64EncodedString())\"}" }
        return "{\"requestId\":\"\(requestID)\",\"timestamp\":1763632860123,\"records\":[" + data.joined(separator: ",") + "]}"
    }

    // MARK: - Signing and compression, from the documentation

    /// `X-Twilio-Signature` for a form post: HMAC-SHA1 keyed by the auth token over the URL
    /// followed by every parameter's name and value, sorted by name; base64.
    static func twilioFormSignature(url: String, params: [(String, String)], token: String = authToken) -> String {
        let text = url + params.sorted { $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// The hex SHA-256 of a JSON body, as Twilio puts it in `bodySHA256`.
    static func bodySHA256(_ body: String) -> String {
        SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `X-Twilio-Signature` for a JSON body: HMAC-SHA1 over the URL that carries `bodySHA256`.
    static func twilioURLSignature(url: String, token: String = authToken) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(url.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
    }

    static func formBody(_ params: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return params.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
    }

    /// `bytes` as one gzip member, compressed by zlib.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let rc = deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK)
        defer { deflateEnd(&stream) }
        var input = bytes
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                _ = deflate(&stream, Z_FINISH)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Array(out.prefix(produced))
    }

    static func gzip(_ text: String) -> [UInt8] { gzip(Array(text.utf8)) }

    // MARK: - The application under test

    static let bearer = "pw-ingest-token-3c9d"
    static let firehoseKey = "fh-access-key-7e21b9d04c"
    static let sinkPassword = "sink-pass-51ac"

    static func configuration(bodyLimit: Int = 1 << 20, publicURL: String? = "https://pumpwatch.example.com") -> IngestConfiguration {
        var c = IngestConfiguration()
        c.bodyLimit = bodyLimit
        c.publicURL = publicURL
        c.twilioAuthToken = authToken
        c.twilioBasicAuth = BasicCredentialDigest(user: "twilio", password: sinkPassword)
        c.firehoseAccessKeys = [TokenDigest(name: "prod", token: firehoseKey)]
        return c
    }

    static var quietLogger: Logger {
        var l = Logger(label: "pumpwatch-ingest-tests")
        l.logLevel = .critical
        return l
    }

    /// The current time the routes see in tests, epoch milliseconds.
    static let now: Int64 = 1_763_632_900_000

    /// Runs `test` against the bearer-token check and the ingest routes over a fresh in-memory
    /// store, handing it the client, the store and what `onJournaled` received.
    static func withApp(
        _ configuration: IngestConfiguration = configuration(),
        _ test: @escaping @Sendable (any TestClientProtocol, any PumpwatchStore, JournaledEntries) async throws -> Void
    ) async throws {
        try await run(configuration, store: try SQLiteStore.inMemory(), test)
    }

    private static func run<Store: PumpwatchStore>(
        _ configuration: IngestConfiguration, store: Store,
        _ test: @escaping @Sendable (any TestClientProtocol, any PumpwatchStore, JournaledEntries) async throws -> Void
    ) async throws {
        let journaled = JournaledEntries()
        let router = Router(context: PumpwatchRequestContext.self)
        router.add(middleware: AuthMiddleware(tokens: [TokenDigest(name: "tests", token: bearer)]))
        IngestRoutes(store: store, configuration: configuration, onJournaled: { await journaled.add($0) }, now: { now })
            .addRoutes(to: router.group("v1"))
        let app = Application(router: router, logger: quietLogger)
        try await app.test(.router) { client in try await test(client, store, journaled) }
    }

    static let signatureHeader = HTTPFields.Element.Name("X-Twilio-Signature")!
    static let accessKeyHeader = HTTPFields.Element.Name("X-Amz-Firehose-Access-Key")!
    static let requestIDHeader = HTTPFields.Element.Name("X-Amz-Firehose-Request-Id")!

    /// The JSON object a response carries.
    static func json(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(String(buffer: response.body).utf8)
        guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw FixtureError.notAnObject }
        return o
    }

    enum FixtureError: Error { case notAnObject }
}

/// What `onJournaled` was handed, request by request.
actor JournaledEntries {
    private(set) var batches: [JournaledRecords] = []
    var calls: Int { batches.count }
    /// Entries added over all requests.
    var accepted: Int { batches.reduce(0) { $0 + $1.append.accepted } }
    /// Entries added by format over all requests.
    var byFormat: [String: Int] {
        var out: [String: Int] = [:]
        for b in batches { for (f, n) in b.countByFormat { out[f.rawValue, default: 0] += n } }
        return out
    }

    func add(_ new: JournaledRecords) {
        batches.append(new)
    }
}
