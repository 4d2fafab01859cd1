import PumpwatchCore

/// Maps a CloudTrail record to ECS fields the way Elastic's AWS integration (`logs-aws.cloudtrail-*`) does.
///
/// Nulls and empty strings, objects and arrays are removed first. `request_parameters`,
/// `response_elements`, `additional_eventdata` and `service_event_details` become Java
/// `Map.toString()` strings (see `JavaMapFormatter`), with an object copy under
/// `aws.cloudtrail.flattened.*`. `cloud.account.id` comes from `userIdentity.accountId` and falls
/// back to `recipientAccountId` when the identity has none (AWS service principals), as newer
/// versions of the integration do. `event.original`, `related.*`, geo enrichment, entity fields and
/// event categorisation are not produced.
public enum CloudTrailNormalizer {
    /// The `event.dataset` of every CloudTrail event.
    public static let dataset = "aws.cloudtrail"

    /// The events of one record: a CloudTrail record, or a `{"Records": [...]}` file body (one event per record).
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        if record["eventTime"] == nil, let records = record["Records"]?.arrayElements {
            var out: [Event] = []
            out.reserveCapacity(records.count)
            for (i, r) in records.enumerated() {
                var o = origin
                if o.record == nil { o.record = i + 1 }
                out.append(try event(record: r, origin: o))
            }
            return out
        }
        return [try event(record: record, origin: origin)]
    }

    /// Checks one CloudTrail record as `event(record:origin:)` does, without building the event:
    /// throws the same error for a record it rejects, returns for one it maps.
    ///
    /// Live ingest validates every record before journaling it; this is that check at a fraction
    /// of the cost, for the format that arrives in the largest volumes.
    public static func validate(record: JSONValue, origin: Origin) throws(MalformedRecord) {
        guard case .object(let members) = record else {
            throw MalformedRecord(origin: origin, reason: "a CloudTrail record must be a JSON object")
        }
        // `event` looks fields up in the record with empty values removed: the first member of
        // the name whose value is not empty.
        func field(_ name: String) -> JSONValue? {
            for (k, v) in members where k == name && !JSONFlattener.isEmpty(v) { return v }
            return nil
        }
        guard let eventTime = field("eventTime")?.scalarText else {
            if !members.contains(where: { !JSONFlattener.isEmpty($0.1) }) {
                throw MalformedRecord(origin: origin, reason: "the CloudTrail record is empty")
            }
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventTime")
        }
        guard Timestamp.parse(eventTime) != nil else {
            throw MalformedRecord(origin: origin, reason: "eventTime \"\(eventTime)\" is not a date")
        }
        guard field("eventName")?.scalarText != nil else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventName")
        }
        guard field("eventSource")?.scalarText != nil else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventSource")
        }
    }

    /// The ECS event for one CloudTrail record.
    public static func event(record: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        guard case .object = record else {
            throw MalformedRecord(origin: origin, reason: "a CloudTrail record must be a JSON object")
        }
        guard let r = JSONFlattener.removingEmpty(record) else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record is empty")
        }
        guard let eventTime = r["eventTime"]?.scalarText else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventTime")
        }
        guard let millis = Timestamp.parse(eventTime) else {
            throw MalformedRecord(origin: origin, reason: "eventTime \"\(eventTime)\" is not a date")
        }
        guard let eventName = r["eventName"]?.scalarText else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventName")
        }
        guard let eventSource = r["eventSource"]?.scalarText else {
            throw MalformedRecord(origin: origin, reason: "the CloudTrail record has no eventSource")
        }

        var f: [String: Value] = [:]
        f["@timestamp"] = .date(millis)
        f["event.kind"] = .string("event")
        f["event.dataset"] = .string(dataset)
        f["event.provider"] = .string(eventSource)
        f["event.action"] = .string(eventName)
        set(&f, "event.id", r["eventID"])
        f["cloud.provider"] = .string("aws")
        set(&f, "cloud.region", r["awsRegion"])
        if let service = eventSource.split(separator: ".").first, eventSource.hasSuffix(".amazonaws.com") {
            f["cloud.service.name"] = .string(String(service))
        }

        var additional = r["additionalEventData"]
        mapIdentity(r, additionalEventData: &additional, into: &f)

        if let address = r["sourceIPAddress"]?.scalarText {
            f["source.address"] = .string(address)
            if IPAddress.isValid(address) { f["source.ip"] = .string(address) }
        }
        if let agent = r["userAgent"]?.scalarText {
            f["user_agent.original"] = .string(agent)
            let client = UserAgentParser.parse(agent)
            f["user_agent.name"] = .string(client.name)
            if let v = client.version { f["user_agent.version"] = .string(v) }
        }

        set(&f, "aws.cloudtrail.event_version", r["eventVersion"])
        set(&f, "aws.cloudtrail.event_type", r["eventType"])
        set(&f, "aws.cloudtrail.event_category", r["eventCategory"])
        set(&f, "aws.cloudtrail.recipient_account_id", r["recipientAccountId"])
        set(&f, "aws.cloudtrail.request_id", r["requestID"])
        set(&f, "aws.cloudtrail.api_version", r["apiVersion"])
        set(&f, "aws.cloudtrail.shared_event_id", r["sharedEventID"])
        set(&f, "aws.cloudtrail.vpc_endpoint_id", r["vpcEndpointId"])
        set(&f, "aws.cloudtrail.management_event", r["managementEvent"])
        set(&f, "aws.cloudtrail.read_only", r["readOnly"])
        set(&f, "aws.cloudtrail.error_code", r["errorCode"])
        set(&f, "aws.cloudtrail.error_message", r["errorMessage"])

        addJavaMap(r["requestParameters"], name: "request_parameters", into: &f)
        addJavaMap(r["responseElements"], name: "response_elements", into: &f)
        addJavaMap(additional, name: "additional_eventdata", into: &f)
        addJavaMap(r["serviceEventDetails"], name: "service_event_details", into: &f)

        if eventName == "ConsoleLogin", let data = additional {
            set(&f, "aws.cloudtrail.console_login.additional_eventdata.login_to", data["LoginTo"])
            if let v = yesNo(data["MobileVersion"]) { f["aws.cloudtrail.console_login.additional_eventdata.mobile_version"] = .bool(v) }
            if let v = yesNo(data["MFAUsed"]) { f["aws.cloudtrail.console_login.additional_eventdata.mfa_used"] = .bool(v) }
        }
        if let resources = r["resources"]?.arrayElements {
            addResources(resources, into: &f)
        }
        if let tls = r["tlsDetails"] {
            addTLS(tls, into: &f)
        }
        f["event.outcome"] = .string(outcome(r, eventName: eventName))
        return Event(fields: f, origin: origin, format: .cloudtrail)
    }

    /// `failure` when `errorCode` or `errorMessage` is present, else `success`; `ConsoleLogin` uses
    /// the lowercased `responseElements.ConsoleLogin` when it is there.
    static func outcome(_ r: JSONValue, eventName: String) -> String {
        if eventName == "ConsoleLogin", let login = r["responseElements"]?["ConsoleLogin"]?.scalarText {
            return login.lowercased()
        }
        return r["errorCode"] != nil || r["errorMessage"] != nil ? "failure" : "success"
    }

    private static func mapIdentity(_ r: JSONValue, additionalEventData: inout JSONValue?, into f: inout [String: Value]) {
        let identity = r["userIdentity"]
        let type = identity?["type"]?.scalarText
        set(&f, "aws.cloudtrail.user_identity.type", identity?["type"])
        set(&f, "aws.cloudtrail.user_identity.arn", identity?["arn"])
        set(&f, "aws.cloudtrail.user_identity.access_key_id", identity?["accessKeyId"])
        set(&f, "aws.cloudtrail.user_identity.invoked_by", identity?["invokedBy"])
        let session = identity?["sessionContext"]
        let issuer = session?["sessionIssuer"]
        // A date field: a value that is not a date is left out, as Elasticsearch's date conversion does.
        if let created = session?["attributes"]?["creationDate"]?.scalarText, let ms = Timestamp.parse(created) {
            f["aws.cloudtrail.user_identity.session_context.creation_date"] = .date(ms)
        }
        set(&f, "aws.cloudtrail.user_identity.session_context.mfa_authenticated", session?["attributes"]?["mfaAuthenticated"])
        set(&f, "aws.cloudtrail.user_identity.session_context.ec2_role_delivery", session?["ec2RoleDelivery"])
        set(&f, "aws.cloudtrail.user_identity.session_context.source_identity", session?["sourceIdentity"])
        set(&f, "aws.cloudtrail.user_identity.session_context.session_issuer.type", issuer?["type"])
        set(&f, "aws.cloudtrail.user_identity.session_context.session_issuer.principal_id", issuer?["principalId"])
        set(&f, "aws.cloudtrail.user_identity.session_context.session_issuer.arn", issuer?["arn"])
        set(&f, "aws.cloudtrail.user_identity.session_context.session_issuer.account_id", issuer?["accountId"])

        let principal = identity?["principalId"]?.scalarText
        if let principal { f["user.id"] = .string(principal) }

        var name = identity?["userName"]?.scalarText
        if type == "AssumedRole", let issuerName = issuer?["userName"]?.scalarText { name = issuerName }
        if name == nil, let data = additionalEventData, let fromData = data["UserName"]?.scalarText {
            // Identity Center sign-ins name the user only in additionalEventData; the pipeline moves it.
            name = fromData
            if let members = data.objectMembers {
                let rest = members.filter { $0.0 != "UserName" }
                additionalEventData = rest.isEmpty ? nil : .object(rest)
            }
        }
        if let name {
            f["user.name"] = .string(name)
            if isEmailAddress(name) { f["user.email"] = .string(name) }
        }
        if f["user.email"] == nil, type == "AssumedRole", let principal,
            let colon = principal.firstIndex(of: ":") {
            let sessionName = String(principal[principal.index(after: colon)...])
            if isEmailAddress(sessionName) { f["user.email"] = .string(sessionName) }
        }

        if let account = identity?["accountId"]?.scalarText ?? r["recipientAccountId"]?.scalarText {
            f["cloud.account.id"] = .string(account)
        }
    }

    private static func isEmailAddress(_ s: String) -> Bool {
        guard let at = s.firstIndex(of: "@"), at != s.startIndex else { return false }
        let domain = s[s.index(after: at)...]
        return domain.contains(".") && !domain.contains("@") && !s.contains(" ")
    }

    private static func addJavaMap(_ value: JSONValue?, name: String, into f: inout [String: Value]) {
        guard let value else { return }
        f["aws.cloudtrail." + name] = .string(JavaMapFormatter.string(value))
        JSONFlattener.flatten(value, prefix: "aws.cloudtrail.flattened." + name, dropEmpty: true, into: &f)
    }

    /// `resources[]` as multi-valued `aws.cloudtrail.resources.account_id`, `.arn` and `.type`.
    private static func addResources(_ resources: [JSONValue], into f: inout [String: Value]) {
        let names = [("accountId", "account_id"), ("ARN", "arn"), ("type", "type")]
        for (source, target) in names {
            let values = resources.compactMap { $0[source]?.scalarText }.map(Value.string)
            guard !values.isEmpty else { continue }
            f["aws.cloudtrail.resources." + target] = values.count == 1 ? values[0] : .array(values)
        }
    }

    /// `tlsDetails` as ECS `tls.*`: `TLSv1.3` gives version `1.3` and protocol `tls`.
    private static func addTLS(_ tls: JSONValue, into f: inout [String: Value]) {
        set(&f, "tls.cipher", tls["cipherSuite"])
        set(&f, "tls.client.server_name", tls["clientProvidedHostHeader"])
        guard let version = tls["tlsVersion"]?.scalarText else { return }
        func isVersionNumber<S: StringProtocol>(_ s: S) -> Bool {
            !s.isEmpty && s.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber } && s.first != "."
        }
        if let v = version.firstIndex(where: { $0 == "v" || $0 == "V" }) {
            let proto = version[..<v]
            let number = version[version.index(after: v)...]
            let lower = proto.lowercased()
            if (lower == "tls" || lower == "ssl") && isVersionNumber(number) {
                f["tls.version"] = .string(String(number))
                f["tls.version_protocol"] = .string(lower)
            }
        } else if isVersionNumber(version) {
            f["tls.version"] = .string(version)
        }
    }

    private static func yesNo(_ v: JSONValue?) -> Bool? {
        switch v {
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "yes", "true": return true
            case "no", "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Sets `name` to a scalar's value (JSON types kept); containers become JSON text.
    private static func set(_ f: inout [String: Value], _ name: String, _ v: JSONValue?) {
        guard let v else { return }
        switch v {
        case .null: return
        case .object, .array: f[name] = .string(JSONWriter.serialize(v))
        default: f[name] = v.value
        }
    }
}
