/// The fields a query reads, so readers can skip the rest (projection pushdown).
///
/// `all` keeps every field. A named field also keeps its sub-fields (`aws.cloudtrail` keeps
/// `aws.cloudtrail.user_identity.arn`) and, for wildcard patterns such as `aws.*`, the prefix.
public struct FieldProjection: Sendable, Hashable {
    /// `nil` means every field.
    public private(set) var names: Set<String>?
    private var prefixes: [String]

    public static let all = FieldProjection(names: nil)

    public init(names: Set<String>?) {
        self.names = names
        self.prefixes = []
        if let names {
            for n in names where n.hasSuffix("*") { prefixes.append(String(n.dropLast())) }
            for n in names where !n.hasSuffix("*") { prefixes.append(n + ".") }
        }
    }

    /// True when the reader must produce `field`.
    public func includes(_ field: String) -> Bool {
        guard let names else { return true }
        if names.contains(field) { return true }
        for p in prefixes where field.hasPrefix(p) { return true }
        return false
    }

    /// Removes the fields this projection does not include.
    public func apply(to fields: inout [String: Value]) {
        guard names != nil else { return }
        fields = fields.filter { includes($0.key) }
    }
}
