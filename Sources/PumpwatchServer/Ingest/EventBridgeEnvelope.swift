import PumpwatchCore

/// An Amazon EventBridge event: `version`, `id`, `detail-type`, `source`, `account`, `time`,
/// `region`, `resources` and `detail`.
///
/// CloudTrail events reach EventBridge with `detail-type` "AWS API Call via CloudTrail" (and
/// "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail"); their `detail` is
/// the CloudTrail record, with its own `eventID`.
public struct EventBridgeEnvelope: Sendable {
    public var id: String
    public var detailType: String
    public var source: String
    public var account: String?
    public var time: String?
    public var region: String?
    public var detail: JSONValue

    /// True when `value` has the members that make it an EventBridge event.
    public static func isEnvelope(_ value: JSONValue) -> Bool {
        value["detail-type"] != nil && value["detail"] != nil && value["source"] != nil
    }

    /// The envelope in a parsed EventBridge event.
    public init(json: JSONValue) throws(IngestError) {
        guard case .object = json else { throw .malformed("an EventBridge event must be a JSON object") }
        guard let detailType = json["detail-type"]?.string else { throw .malformed("the EventBridge event has no detail-type") }
        guard let source = json["source"]?.string else { throw .malformed("the EventBridge event has no source") }
        guard let detail = json["detail"], case .object = detail else { throw .malformed("the EventBridge event has no detail object") }
        self.id = json["id"]?.string ?? ""
        self.detailType = detailType
        self.source = source
        self.account = json["account"]?.string
        self.time = json["time"]?.string
        self.region = json["region"]?.string
        self.detail = detail
    }

    /// True when the event carries a CloudTrail record.
    public var isCloudTrail: Bool { detailType.hasSuffix("via CloudTrail") }

    /// The CloudTrail record in `detail`; an error for events that do not come from CloudTrail.
    public func cloudTrailRecord() throws(IngestError) -> JSONValue {
        guard isCloudTrail else {
            throw .malformed("EventBridge detail-type \"\(detailType.prefix(80))\" does not carry a CloudTrail record")
        }
        guard detail["eventID"]?.string != nil else { throw .malformed("the CloudTrail record in detail has no eventID") }
        return detail
    }
}
