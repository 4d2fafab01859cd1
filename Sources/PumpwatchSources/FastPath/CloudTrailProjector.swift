import PumpwatchCore

/// Computes the projected ECS fields of CloudTrail records the way `CloudTrailNormalizer` does,
/// reading only the members they come from.
///
/// Served: `@timestamp`, `event.*` (kind, dataset, provider, action, id, outcome), `cloud.*`
/// (provider, region, service name, account id with its `recipientAccountId` fallback),
/// `source.address` and `source.ip`, `user_agent.*`, `user.id`, `user.name`, `user.email`, the
/// `aws.cloudtrail.user_identity` type, ARN, access key and invoker, the plain `aws.cloudtrail.*`
/// members, the Java map strings of `request_parameters`, `response_elements` and
/// `service_event_details`, and their flattened fields (`aws.cloudtrail.flattened.request_parameters.*`
/// and so on, flattened from the member alone with `JSONFlattener`, as the normalizer does). A
/// projection asking for any other ECS field (session context, resources, TLS,
/// `additional_eventdata`) is read with the full normalizer.
/// `ConsoleLogin` records take the full path when `event.outcome` is asked for, and so do records
/// whose `eventTime`, `eventName` or `eventSource` is missing or not a plain string or date, so
/// their errors are reported as the full path reports them.
final class CloudTrailProjector: ProjectedNormalizer {
    /// The fields served, with how each is computed.
    enum Field: String, CaseIterable {
        case timestamp = "@timestamp"
        case eventKind = "event.kind"
        case eventDataset = "event.dataset"
        case eventProvider = "event.provider"
        case eventAction = "event.action"
        case eventID = "event.id"
        case eventOutcome = "event.outcome"
        case cloudProvider = "cloud.provider"
        case cloudRegion = "cloud.region"
        case cloudServiceName = "cloud.service.name"
        case cloudAccountID = "cloud.account.id"
        case sourceAddress = "source.address"
        case sourceIP = "source.ip"
        case userAgentOriginal = "user_agent.original"
        case userAgentName = "user_agent.name"
        case userAgentVersion = "user_agent.version"
        case userID = "user.id"
        case userName = "user.name"
        case userEmail = "user.email"
        case identityType = "aws.cloudtrail.user_identity.type"
        case identityARN = "aws.cloudtrail.user_identity.arn"
        case identityAccessKeyID = "aws.cloudtrail.user_identity.access_key_id"
        case identityInvokedBy = "aws.cloudtrail.user_identity.invoked_by"
        case eventVersion = "aws.cloudtrail.event_version"
        case eventType = "aws.cloudtrail.event_type"
        case eventCategory = "aws.cloudtrail.event_category"
        case recipientAccountID = "aws.cloudtrail.recipient_account_id"
        case requestID = "aws.cloudtrail.request_id"
        case apiVersion = "aws.cloudtrail.api_version"
        case sharedEventID = "aws.cloudtrail.shared_event_id"
        case vpcEndpointID = "aws.cloudtrail.vpc_endpoint_id"
        case managementEvent = "aws.cloudtrail.management_event"
        case readOnly = "aws.cloudtrail.read_only"
        case errorCode = "aws.cloudtrail.error_code"
        case errorMessage = "aws.cloudtrail.error_message"
        case requestParameters = "aws.cloudtrail.request_parameters"
        case responseElements = "aws.cloudtrail.response_elements"
        case serviceEventDetails = "aws.cloudtrail.service_event_details"
    }

    /// The record members read, as paths.
    private enum Member: Int, CaseIterable {
        case eventTime, eventName, eventSource, eventID, awsRegion, sourceIPAddress, userAgent
        case recipientAccountId, errorCode, errorMessage, eventVersion, eventType, eventCategory, requestID
        case apiVersion, sharedEventID, vpcEndpointId, managementEvent, readOnly
        case requestParameters, responseElements, serviceEventDetails, additionalUserName
        case identityType, identityARN, identityAccessKeyID, identityInvokedBy, identityPrincipalID
        case identityUserName, identityAccountID, issuerUserName

        var path: [String] {
            switch self {
            case .eventTime: return ["eventTime"]
            case .eventName: return ["eventName"]
            case .eventSource: return ["eventSource"]
            case .eventID: return ["eventID"]
            case .awsRegion: return ["awsRegion"]
            case .sourceIPAddress: return ["sourceIPAddress"]
            case .userAgent: return ["userAgent"]
            case .recipientAccountId: return ["recipientAccountId"]
            case .errorCode: return ["errorCode"]
            case .errorMessage: return ["errorMessage"]
            case .eventVersion: return ["eventVersion"]
            case .eventType: return ["eventType"]
            case .eventCategory: return ["eventCategory"]
            case .requestID: return ["requestID"]
            case .apiVersion: return ["apiVersion"]
            case .sharedEventID: return ["sharedEventID"]
            case .vpcEndpointId: return ["vpcEndpointId"]
            case .managementEvent: return ["managementEvent"]
            case .readOnly: return ["readOnly"]
            case .requestParameters: return ["requestParameters"]
            case .responseElements: return ["responseElements"]
            case .serviceEventDetails: return ["serviceEventDetails"]
            case .additionalUserName: return ["additionalEventData", "UserName"]
            case .identityType: return ["userIdentity", "type"]
            case .identityARN: return ["userIdentity", "arn"]
            case .identityAccessKeyID: return ["userIdentity", "accessKeyId"]
            case .identityInvokedBy: return ["userIdentity", "invokedBy"]
            case .identityPrincipalID: return ["userIdentity", "principalId"]
            case .identityUserName: return ["userIdentity", "userName"]
            case .identityAccountID: return ["userIdentity", "accountId"]
            case .issuerUserName: return ["userIdentity", "sessionContext", "sessionIssuer", "userName"]
            }
        }
    }

    /// How a field is made from members.
    private enum Rule {
        case constant(Value)
        /// `CloudTrailNormalizer.set`: the cleaned value with its JSON type.
        case set(Member)
        /// The member's text as a string.
        case text(Member)
        /// The Java map string of the cleaned member.
        case javaMap(Member)
        /// The fields of `flattened` at or below the projected name.
        case flattened(FlattenedMember)
        case computed([Member])
    }

    /// A member whose fields `CloudTrailNormalizer` also flattens, under `aws.cloudtrail.flattened.`.
    private enum FlattenedMember: Int, CaseIterable {
        case requestParameters, responseElements, serviceEventDetails

        var member: Member {
            switch self {
            case .requestParameters: return .requestParameters
            case .responseElements: return .responseElements
            case .serviceEventDetails: return .serviceEventDetails
            }
        }

        /// The name of the member's own flattened field; its sub-fields follow after a dot.
        var prefix: String {
            switch self {
            case .requestParameters: return "aws.cloudtrail.flattened.request_parameters"
            case .responseElements: return "aws.cloudtrail.flattened.response_elements"
            case .serviceEventDetails: return "aws.cloudtrail.flattened.service_event_details"
            }
        }

        /// The flattened member a projected name falls under, if any.
        static func containing(_ name: String) -> FlattenedMember? {
            allCases.first { name == $0.prefix || name.hasPrefix($0.prefix + ".") }
        }
    }

    private static func rule(_ f: Field) -> Rule {
        switch f {
        case .timestamp: return .computed([.eventTime])
        case .eventKind: return .constant(.string("event"))
        case .eventDataset: return .constant(.string(CloudTrailNormalizer.dataset))
        case .eventProvider: return .text(.eventSource)
        case .eventAction: return .text(.eventName)
        case .eventID: return .set(.eventID)
        case .eventOutcome: return .computed([.errorCode, .errorMessage])
        case .cloudProvider: return .constant(.string("aws"))
        case .cloudRegion: return .set(.awsRegion)
        case .cloudServiceName: return .computed([])
        case .cloudAccountID: return .computed([.identityAccountID, .recipientAccountId])
        case .sourceAddress: return .text(.sourceIPAddress)
        case .sourceIP: return .computed([.sourceIPAddress])
        case .userAgentOriginal: return .text(.userAgent)
        case .userAgentName, .userAgentVersion: return .computed([.userAgent])
        case .userID: return .text(.identityPrincipalID)
        case .userName, .userEmail:
            return .computed([.identityType, .identityUserName, .issuerUserName, .additionalUserName, .identityPrincipalID])
        case .identityType: return .set(.identityType)
        case .identityARN: return .set(.identityARN)
        case .identityAccessKeyID: return .set(.identityAccessKeyID)
        case .identityInvokedBy: return .set(.identityInvokedBy)
        case .eventVersion: return .set(.eventVersion)
        case .eventType: return .set(.eventType)
        case .eventCategory: return .set(.eventCategory)
        case .recipientAccountID: return .set(.recipientAccountId)
        case .requestID: return .set(.requestID)
        case .apiVersion: return .set(.apiVersion)
        case .sharedEventID: return .set(.sharedEventID)
        case .vpcEndpointID: return .set(.vpcEndpointId)
        case .managementEvent: return .set(.managementEvent)
        case .readOnly: return .set(.readOnly)
        case .errorCode: return .set(.errorCode)
        case .errorMessage: return .set(.errorMessage)
        case .requestParameters: return .javaMap(.requestParameters)
        case .responseElements: return .javaMap(.responseElements)
        case .serviceEventDetails: return .javaMap(.serviceEventDetails)
        }
    }

    /// The first names of the fields `CloudTrailNormalizer` can produce; a projected name under one
    /// of them that is not served sends the file the full way. Other names are never produced.
    private static let namespaces = ["@timestamp", "event", "cloud", "source", "user", "user_agent", "aws", "tls"]

    let schema: ScanSchema
    let fieldNames: [String]
    /// Each field name followed by a dot: the start of the names below it.
    private let subfieldPrefixes: [String]
    /// The fixed field of each served id; nil for the flattened fields, which `fieldNames` names.
    private let servedFields: [Field?]
    private let rules: [Rule]
    private let slots: [Int]
    private let outcomeWanted: Bool
    @exclusivity(unchecked) private var record: ScannedRecord?
    @exclusivity(unchecked) private var cache: [Value?]
    @exclusivity(unchecked) private var cached: [Bool]
    /// The flattened fields of each `FlattenedMember` in the current record, worked out when first asked.
    @exclusivity(unchecked) private var flattenedFields: [[String: Value]?]
    @exclusivity(unchecked) private(set) var timestampMillis: Int64?
    /// The day of the last event time read: consecutive records mostly share it.
    @exclusivity(unchecked) private var dayCache = ISODayCache()

    /// A projector for `projection`, or nil when it asks for fields this type does not serve.
    init?(projection: FieldProjection) {
        guard let projected = projection.names else { return nil }
        var served: [Field?] = [.timestamp]
        var names = ["@timestamp"]
        var rules: [Rule] = [CloudTrailProjector.rule(.timestamp)]
        for name in projected.sorted() {
            if name.hasSuffix("*") { return nil }
            if name == "@timestamp" { continue }
            if let f = Field(rawValue: name) {
                served.append(f)
                names.append(name)
                rules.append(CloudTrailProjector.rule(f))
                continue
            }
            if let flattened = FlattenedMember.containing(name) {
                served.append(nil)
                names.append(name)
                rules.append(.flattened(flattened))
                continue
            }
            let head = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
            if CloudTrailProjector.namespaces.contains(head) { return nil }
        }
        // A served name also covers names below it (`FieldProjection` prefixes): only the flattened
        // fields have any, and `fields(_:)` adds those.
        var members: [Member] = [.eventTime, .eventName, .eventSource]
        for r in rules {
            switch r {
            case .constant: break
            case .set(let m), .text(let m), .javaMap(let m): members.append(m)
            case .flattened(let f): members.append(f.member)
            case .computed(let ms): members.append(contentsOf: ms)
            }
        }
        var unique: [Member] = []
        for m in members where !unique.contains(m) { unique.append(m) }
        schema = ScanSchema(paths: unique.map(\.path))
        var slots = [Int](repeating: -1, count: Member.allCases.count)
        for (i, m) in unique.enumerated() { slots[m.rawValue] = schema.pathSlots[i] }
        self.slots = slots
        self.servedFields = served
        self.fieldNames = names
        self.subfieldPrefixes = names.map { $0 + "." }
        self.rules = rules
        self.outcomeWanted = served.contains(.eventOutcome)
        cache = Array(repeating: nil, count: served.count)
        cached = Array(repeating: false, count: served.count)
        flattenedFields = Array(repeating: nil, count: FlattenedMember.allCases.count)
    }

    @inline(__always)
    private func slot(_ m: Member) -> Int {
        slots[m.rawValue]
    }

    @inline(__always)
    private func member(_ m: Member) -> ScannedValue {
        let s = slot(m)
        return s < 0 ? ScannedValue() : record![s]
    }

    func begin(_ r: ScannedRecord) -> Bool {
        record = r
        for i in cached.indices { cached[i] = false }
        for i in flattenedFields.indices { flattenedFields[i] = nil }
        timestampMillis = nil
        let time = r[slot(.eventTime)]
        guard time.kind == .string, time.survives else { return false }
        let name = r[slot(.eventName)]
        guard name.kind == .string, name.survives else { return false }
        let source = r[slot(.eventSource)]
        guard source.kind == .string, source.survives else { return false }
        if outcomeWanted {
            if name.isPlainASCIIString {
                if r.bytesEqual(name, CloudTrailProjector.consoleLogin) { return false }
            } else if r.string(name) == "ConsoleLogin" {
                return false
            }
        }
        if time.isPlainASCIIString, let ms = dayCache.millis(r.raw(time)) {
            timestampMillis = ms
        } else if let ms = Timestamp.parse(r.string(time)) {
            timestampMillis = ms
        } else {
            return false
        }
        return true
    }

    private static let consoleLogin = Array("ConsoleLogin".utf8)

    /// `begin`'s members: a record whose three are non-empty strings, with a readable time, is one
    /// event at that time whichever way it is read (`ConsoleLogin` included: the full path counts it
    /// the same).
    var skimmedMembers: [String] { ["eventTime", "eventName", "eventSource"] }

    func skimmedTimestamp(_ record: UnsafeRawBufferPointer, starts: UnsafePointer<Int32>, ends: UnsafePointer<Int32>) -> Int64? {
        for k in 0..<3 where starts[k] < 0 || ends[k] <= starts[k] { return nil }
        let time = UnsafeRawBufferPointer(rebasing: record[Int(starts[0])..<Int(ends[0])])
        return CloudTrailProjector.isoMillis(time) ?? Timestamp.parse(String(decoding: time, as: UTF8.self))
    }

    /// `set` and `text` fields: a string member's text, or a number's, a literal's or a container's JSON text.
    func isVerbatimString(_ id: Int) -> Bool {
        switch rules[id] {
        case .set, .text: return true
        case .constant, .javaMap, .flattened, .computed: return false
        }
    }

    func source(of id: Int) -> FieldSource {
        switch rules[id] {
        case .constant: return .constant
        case .set(let m), .text(let m): return .member(member(m), textIsValue: true)
        case .javaMap(let m): return .javaMap(member(m))
        case .flattened: return .computed
        case .computed:
            // `cloud.account.id` is the identity's account, else the recipient's: one member
            // decides it in each record, read as `text` reads it.
            guard servedFields[id] == .cloudAccountID else { return .computed }
            let identity = member(.identityAccountID)
            if !identity.survives { return .member(member(.recipientAccountId), textIsValue: true) }
            switch identity.kind {
            case .string, .trueValue, .falseValue: return .member(identity, textIsValue: true)
            default: return .computed
            }
        }
    }

    func value(_ id: Int) -> Value? {
        if cached[id] { return cache[id] }
        let v = compute(id)
        cache[id] = v
        cached[id] = true
        return v
    }

    func fields(_ ids: [Int]) -> [String: Value] {
        // Sized for the fields present, not all projected (see `FalconProjector.fields`).
        var present = 0
        for id in ids {
            if case .flattened(let f) = rules[id] { present += flattened(f).count } else if value(id) != nil { present += 1 }
        }
        var out: [String: Value] = [:]
        out.reserveCapacity(present)
        for id in ids {
            if case .flattened(let f) = rules[id] {
                // The projected name and every flattened name below it.
                let name = fieldNames[id]
                let below = subfieldPrefixes[id]
                for (k, v) in flattened(f) where k == name || k.hasPrefix(below) { out[k] = v }
            } else if let v = value(id) {
                out[fieldNames[id]] = v
            }
        }
        return out
    }

    /// The flattened fields of `f` in the current record.
    private func flattened(_ f: FlattenedMember) -> [String: Value] {
        if let done = flattenedFields[f.rawValue] { return done }
        var out: [String: Value] = [:]
        if let value = record!.json(member(f.member)) {
            JSONFlattener.flatten(value, prefix: f.prefix, dropEmpty: true, into: &out)
        }
        flattenedFields[f.rawValue] = out
        return out
    }

    private func compute(_ id: Int) -> Value? {
        let r = record!
        switch rules[id] {
        case .constant(let v): return v
        case .set(let m): return r.cleanedFieldValue(member(m))
        case .text(let m): return r.survivingText(member(m)).map(Value.string)
        case .javaMap(let m): return r.cleanedJSON(member(m)).map { .string(JavaMapFormatter.string($0)) }
        case .flattened(let f): return flattened(f)[fieldNames[id]]
        case .computed: break
        }
        switch servedFields[id]! {
        case .timestamp:
            return timestampMillis.map(Value.date)
        case .eventOutcome:
            return .string(member(.errorCode).survives || member(.errorMessage).survives ? "failure" : "success")
        case .cloudServiceName:
            let eventSource = r.string(member(.eventSource))
            if let service = eventSource.split(separator: ".").first, eventSource.hasSuffix(".amazonaws.com") {
                return .string(String(service))
            }
            return nil
        case .cloudAccountID:
            return (r.survivingText(member(.identityAccountID)) ?? r.survivingText(member(.recipientAccountId))).map(Value.string)
        case .sourceIP:
            guard let address = r.survivingText(member(.sourceIPAddress)), IPAddress.isValid(address) else { return nil }
            return .string(address)
        case .userAgentName, .userAgentVersion:
            guard let agent = r.survivingText(member(.userAgent)) else { return nil }
            let client = UserAgentParser.parse(agent)
            if servedFields[id] == .userAgentName { return .string(client.name) }
            return client.version.map(Value.string)
        case .userName:
            return userName().map(Value.string)
        case .userEmail:
            return userEmail().map(Value.string)
        default:
            return nil
        }
    }

    /// `user.name`: the identity's user name, the session issuer's for assumed roles, else
    /// `additionalEventData.UserName` (Identity Center sign-ins).
    private func userName() -> String? {
        let r = record!
        var name = r.survivingText(member(.identityUserName))
        if r.survivingText(member(.identityType)) == "AssumedRole", let issuer = r.survivingText(member(.issuerUserName)) {
            name = issuer
        }
        if name == nil { name = r.survivingText(member(.additionalUserName)) }
        return name
    }

    /// `user.email`: the user name when it is an address, else an assumed role's session name when it is one.
    private func userEmail() -> String? {
        let r = record!
        if let name = userName(), CloudTrailProjector.isEmailAddress(name) { return name }
        if r.survivingText(member(.identityType)) == "AssumedRole", let principal = r.survivingText(member(.identityPrincipalID)),
            let colon = principal.firstIndex(of: ":")
        {
            let sessionName = String(principal[principal.index(after: colon)...])
            if CloudTrailProjector.isEmailAddress(sessionName) { return sessionName }
        }
        return nil
    }

    /// The address test `CloudTrailNormalizer` applies to user names.
    private static func isEmailAddress(_ s: String) -> Bool {
        guard let at = s.firstIndex(of: "@"), at != s.startIndex else { return false }
        let domain = s[s.index(after: at)...]
        return domain.contains(".") && !domain.contains("@") && !s.contains(" ")
    }

    /// Epoch milliseconds of `2026-11-20T10:00:00Z` or `2026-11-20T10:00:00.123Z`; nil for any other
    /// shape (which `Timestamp.parse` then reads).
    static func isoMillis(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard let day = ISODayCache.day(b), let clock = ISODayCache.clock(b) else { return nil }
        return day * 86_400_000 + clock
    }
}

/// `CloudTrailProjector.isoMillis` that remembers the day of the last time it read, so that a
/// time on the same day as the one before only has its clock read.
struct ISODayCache {
    /// The first 10 bytes (`YYYY-MM-DD`) of the last time read, and that day since 1970-01-01.
    private var head: UInt64 = 0
    private var tail: UInt16 = 0
    private var days: Int64 = 0
    private var valid = false

    /// `CloudTrailProjector.isoMillis(b)`.
    @inline(__always)
    mutating func millis(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard n == 20 || n == 24, let clock = ISODayCache.clock(b) else { return nil }
        let h8 = b.loadUnaligned(as: UInt64.self)
        let t2 = b.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        if !valid || h8 != head || t2 != tail {
            // Another day: read and keep it.
            guard let day = ISODayCache.day(b) else { return nil }
            head = h8
            tail = t2
            days = day
            valid = true
        }
        return days * 86_400_000 + clock
    }

    /// The day since 1970-01-01 of a time `isoMillis` reads (`YYYY-MM-DD` of a text of 20 or 24
    /// bytes), checked as it checks it; nil when it is not such a date.
    static func day(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard n == 20 || n == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digits(_ i: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for k in i..<(i + count) {
                let c = b[k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        return Timestamp.days(year: y, month: mo, day: d)
    }

    /// The milliseconds since midnight of a time `isoMillis` reads (`THH:MM:SS[.mmm]Z` from byte
    /// 10 on), checked as it checks them; nil when they are not a clock.
    @inline(__always)
    static func clock(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard b[n - 1] == UInt8(ascii: "Z"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        @inline(__always) func two(_ i: Int) -> Int64? {
            let a = b[i] &- 48
            let c = b[i + 1] &- 48
            guard a <= 9, c <= 9 else { return nil }
            return Int64(a) * 10 + Int64(c)
        }
        guard let h = two(11), let mi = two(14), let s = two(17), h <= 24, mi <= 59, s <= 60 else { return nil }
        var ms: Int64 = 0
        if n == 24 {
            let d0 = b[20] &- 48, d1 = b[21] &- 48, d2 = b[22] &- 48
            guard b[19] == UInt8(ascii: "."), d0 <= 9, d1 <= 9, d2 <= 9 else { return nil }
            ms = Int64(d0) * 100 + Int64(d1) * 10 + Int64(d2)
        }
        return ((h * 60 + mi) * 60 + s) * 1000 + ms
    }
}
