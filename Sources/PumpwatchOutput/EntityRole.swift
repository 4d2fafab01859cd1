import PumpwatchCore

/// What an entity or evidence name refers to, so each format can put it where its schema expects.
///
/// Names are matched case-insensitively and without `_`, `-` and `.`, so `ComputerName`,
/// `computer_name` and `host.name` meet the same rule.
enum EntityRole: Equatable {
    case hostName
    case hostID
    /// A network source: an IP address, or a host name when the value is not an address.
    case sourceAddress
    /// An AWS principal ARN.
    case principalARN
    case userName
    /// A phone number that received messages.
    case destinationNumber
    /// A number block or prefix (`+2327612345xx`).
    case numberBlock
    case country
    case domain
    case destinationIP
    case userAgent
    case urlPath
    case cloudAccount
    case other

    private static let names: [String: EntityRole] = {
        var table: [String: EntityRole] = [:]
        func add(_ role: EntityRole, _ names: [String]) {
            for n in names { table[squash(n)] = role }
        }
        add(.hostName, ["ComputerName", "host", "hostname", "host.name", "host.hostname", "device", "device_name", "server"])
        add(.hostID, ["aid", "host.id", "agent.id", "device_id", "sensor_id"])
        add(.sourceAddress, ["source.ip", "source.address", "src_ip", "source_ip", "sourceIPAddress", "client.ip", "client_ip", "client.address", "ip", "remote_addr", "c-ip", "caller_ip", "aws.cloudtrail.source_ip_address"])
        add(.principalARN, ["aws.cloudtrail.user_identity.arn", "arn", "user_identity.arn", "userIdentity.arn", "principal", "principal_arn", "caller", "caller_arn", "iam_principal"])
        add(.userName, ["user.name", "user", "username", "user_name", "UserName", "account_name"])
        add(.destinationNumber, ["destination", "destination.address", "destination_number", "phone", "phone_number", "number", "to", "sms.to", "recipient", "msisdn"])
        add(.numberBlock, ["block", "number_block", "blocks", "top_blocks", "prefix", "prefixes", "top_prefixes", "phone_prefix", "number_prefix"])
        add(.country, ["country", "country_code", "destination_country", "destination.geo.country_iso_code", "iso_country", "calling_code", "countries", "top_countries"])
        add(.domain, ["DomainName", "domain", "dns.question.name", "destination.domain", "url.domain", "server_name", "tls.client.server_name", "api_host"])
        add(.destinationIP, ["RemoteAddressIP4", "RemoteAddressIP6", "RemoteIP", "destination.ip", "dst_ip", "destination_ip"])
        add(.userAgent, ["user_agent", "user_agent.original", "useragent", "http_user_agent"])
        add(.urlPath, ["url.path", "path", "uri", "uri_path", "request_path"])
        add(.cloudAccount, ["cloud.account.id", "account", "account_id", "aws_account", "recipientAccountId", "sms.account"])
        return table
    }()

    static func squash(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != "." }.map(Character.init))
    }

    /// The role of a named value; an ARN-looking principal that is not named as one still counts as one.
    init(name: String, value: Value) {
        let role = EntityRole.names[EntityRole.squash(name)] ?? .other
        if role == .principalARN || role == .userName || role == .other, let s = value.stringValue, s.hasPrefix("arn:") {
            self = .principalARN
        } else if role == .principalARN, let s = value.stringValue, !s.hasPrefix("arn:") {
            self = .userName
        } else {
            self = role
        }
    }

    /// True for entities that name who or what sent the traffic.
    var isSource: Bool {
        switch self {
        case .hostName, .hostID, .sourceAddress, .principalARN, .userName, .userAgent: return true
        default: return false
        }
    }

    /// True for entities that name where the traffic went.
    var isDestination: Bool {
        switch self {
        case .destinationNumber, .domain, .destinationIP: return true
        default: return false
        }
    }
}

extension Value {
    /// The scalar values as text: each element of a multi-value, or the value itself.
    var texts: [String] {
        elements.compactMap(\.stringValue).filter { !$0.isEmpty }
    }
}
