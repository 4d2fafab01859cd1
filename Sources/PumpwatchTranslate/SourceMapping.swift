/// The mapping of one input format on one target: where its events live and how each field is written.
public struct SourceMapping: Sendable, Hashable, Codable {
    /// What a field without an entry becomes.
    public enum Unmapped: String, Sendable, Hashable, Codable {
        /// The same name (Falcon fields keep their names on every SIEM).
        case identity
        /// The field's path in the raw JSON record (SQL targets over raw Falcon JSON).
        case rawPath = "raw-path"
        /// No such field: the translation is refused.
        case refuse
    }

    /// The events of the source: an index pattern, a table, a search, a relation or a log source.
    public var from: String?
    /// SQL targets: the column of `from` that holds each raw JSON record.
    public var record: String?
    public var unmapped: Unmapped?
    /// Field entries by the plan's field name (ECS for CloudTrail, Falcon's own for Falcon).
    public var fields: [String: FieldEntry]?

    public init(from: String? = nil, record: String? = nil, unmapped: Unmapped? = nil, fields: [String: FieldEntry]? = nil) {
        self.from = from
        self.record = record
        self.unmapped = unmapped
        self.fields = fields
    }

    /// This mapping with `other`'s settings and entries in place of its own.
    public func overriding(with other: SourceMapping) -> SourceMapping {
        var out = self
        if let f = other.from { out.from = f }
        if let r = other.record { out.record = r }
        if let u = other.unmapped { out.unmapped = u }
        if let extra = other.fields {
            var merged = fields ?? [:]
            for (k, v) in extra { merged[k] = v }
            out.fields = merged
        }
        return out
    }
}
