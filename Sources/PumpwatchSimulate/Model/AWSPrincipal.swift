import PumpwatchCore

/// An identity that calls AWS APIs: how CloudTrail records it, where it calls from, and with what client.
struct AWSPrincipal: Sendable {
    /// The `userIdentity` object.
    let userIdentity: JSONValue
    /// The address CloudTrail records as `sourceIPAddress` (an IP, or a service host name).
    let sourceIPAddress: String
    let userAgent: String

    /// The same identity calling from elsewhere or with another client.
    func from(_ ip: String, userAgent: String? = nil) -> AWSPrincipal {
        AWSPrincipal(userIdentity: userIdentity, sourceIPAddress: ip, userAgent: userAgent ?? self.userAgent)
    }

    /// An IAM user with a long-term access key (`AKIA…`).
    static func iamUser(_ name: String, ip: String, userAgent: String) -> AWSPrincipal {
        let account = SimulatedOrganization.awsAccountID
        return AWSPrincipal(
            userIdentity: .object([
                ("type", .string("IAMUser")),
                ("principalId", .string(StableIdentifier.make(prefix: "AIDA", label: "principal:" + name, length: 17))),
                ("arn", .string("arn:aws:iam::\(account):user/\(name)")),
                ("accountId", .string(account)),
                ("accessKeyId", .string(StableIdentifier.make(prefix: "AKIA", label: "key:" + name, length: 16))),
                ("userName", .string(name)),
            ]),
            sourceIPAddress: ip, userAgent: userAgent)
    }

    /// A role session with temporary credentials (`ASIA…`).
    static func assumedRole(_ role: String, session: String, ip: String, userAgent: String, created: String) -> AWSPrincipal {
        let account = SimulatedOrganization.awsAccountID
        let roleID = StableIdentifier.make(prefix: "AROA", label: "role:" + role, length: 17)
        return AWSPrincipal(
            userIdentity: .object([
                ("type", .string("AssumedRole")),
                ("principalId", .string("\(roleID):\(session)")),
                ("arn", .string("arn:aws:sts::\(account):assumed-role/\(role)/\(session)")),
                ("accountId", .string(account)),
                ("accessKeyId", .string(StableIdentifier.make(prefix: "ASIA", label: "session:" + role + session, length: 16))),
                ("sessionContext", .object([
                    ("sessionIssuer", .object([
                        ("type", .string("Role")),
                        ("principalId", .string(roleID)),
                        ("arn", .string("arn:aws:iam::\(account):role/\(role)")),
                        ("accountId", .string(account)),
                        ("userName", .string(role)),
                    ])),
                    ("attributes", .object([
                        ("creationDate", .string(created)),
                        ("mfaAuthenticated", .string("false")),
                    ])),
                ])),
            ]),
            sourceIPAddress: ip, userAgent: userAgent)
    }

    /// An unauthenticated caller of Cognito's public user pool API.
    static func anonymous(ip: String, userAgent: String) -> AWSPrincipal {
        AWSPrincipal(
            userIdentity: .object([("type", .string("Unknown")), ("principalId", .string("Anonymous"))]),
            sourceIPAddress: ip, userAgent: userAgent)
    }

    /// An AWS service acting for the account (`sourceIPAddress` is the service's host name).
    static func service(_ host: String) -> AWSPrincipal {
        AWSPrincipal(
            userIdentity: .object([("type", .string("AWSService")), ("invokedBy", .string(host))]),
            sourceIPAddress: host, userAgent: host)
    }
}
