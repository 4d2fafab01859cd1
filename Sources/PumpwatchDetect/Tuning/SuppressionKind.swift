/// What a suppression entry matches, as `pumpwatch.yml` names it under `suppress:`.
public enum SuppressionKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A Falcon agent id, matched against `aid` entities (case-insensitively).
    case aid
    /// A host name, matched case-insensitively against `ComputerName`, `host.name` and `host.hostname`.
    case computerName = "computer_name"
    /// An IAM ARN (a trailing `*` matches a prefix; a role also matches its assumed-role sessions).
    case arn
    /// An IP address or CIDR block, matched against every value that is an IP address.
    case ip
    /// A `+digits` phone prefix, matched against phone numbers, number blocks and prefixes.
    case phonePrefix = "phone_prefix"
    /// A URL path (a trailing `*` matches a prefix), matched against `url.path` and other path values.
    case path
    /// Any other exact value from a `--suppress` file, matched against every entity.
    case value

    public static func < (a: SuppressionKind, b: SuppressionKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
