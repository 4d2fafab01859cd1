import PumpwatchCore

/// One CloudTrail record, before it is written.
struct CloudTrailEvent {
    var millis: Int64
    var principal: AWSPrincipal
    var eventSource: String
    var eventName: String
    var requestParameters: JSONValue = .null
    var responseElements: JSONValue = .null
    var additionalEventData: JSONValue?
    var errorCode: String?
    var errorMessage: String?
    var requestID: String
    var eventID: String
    var readOnly: Bool
    var resources: JSONValue?
    var eventType = "AwsApiCall"
    var managementEvent: Bool
    var eventCategory: String
    /// The host name the client asked for (`tlsDetails.clientProvidedHostHeader`); nil for no TLS details.
    var tlsHost: String?

    /// A record with fresh request and event ids from `rng`.
    init(
        millis: Int64, principal: AWSPrincipal, eventSource: String, eventName: String,
        readOnly: Bool, managementEvent: Bool, tlsHost: String?, rng: inout SplitMix64
    ) {
        self.millis = millis
        self.principal = principal
        self.eventSource = eventSource
        self.eventName = eventName
        self.readOnly = readOnly
        self.managementEvent = managementEvent
        self.eventCategory = managementEvent ? "Management" : "Data"
        self.tlsHost = tlsHost
        requestID = rng.uuid()
        eventID = rng.uuid()
    }

    /// The record as CloudTrail writes it, with its fields in CloudTrail's order.
    var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("eventVersion", .string("1.09")),
            ("userIdentity", principal.userIdentity),
            ("eventTime", .string(CivilTime(millis: millis).isoSeconds)),
            ("eventSource", .string(eventSource)),
            ("eventName", .string(eventName)),
            ("awsRegion", .string(SimulatedOrganization.awsRegion)),
            ("sourceIPAddress", .string(principal.sourceIPAddress)),
            ("userAgent", .string(principal.userAgent)),
        ]
        if let errorCode { m.append(("errorCode", .string(errorCode))) }
        if let errorMessage { m.append(("errorMessage", .string(errorMessage))) }
        m.append(("requestParameters", requestParameters))
        m.append(("responseElements", responseElements))
        if let additionalEventData { m.append(("additionalEventData", additionalEventData)) }
        m.append(("requestID", .string(requestID)))
        m.append(("eventID", .string(eventID)))
        m.append(("readOnly", .bool(readOnly)))
        if let resources { m.append(("resources", resources)) }
        m.append(("eventType", .string(eventType)))
        m.append(("managementEvent", .bool(managementEvent)))
        m.append(("recipientAccountId", .string(SimulatedOrganization.awsAccountID)))
        m.append(("eventCategory", .string(eventCategory)))
        if let tlsHost {
            m.append(("tlsDetails", .object([
                ("tlsVersion", .string("TLSv1.3")),
                ("cipherSuite", .string("TLS_AES_128_GCM_SHA256")),
                ("clientProvidedHostHeader", .string(tlsHost)),
            ])))
        }
        return .object(m)
    }
}
