/// One normalized event: flat, dotted field names mapped to values, plus where it came from.
public struct Event: Sendable {
    /// Field values keyed by dotted path (`aws.cloudtrail.user_identity.arn`, `ComputerName`).
    public var fields: [String: Value]
    /// The file and line (or record) the event was read from.
    public var origin: Origin
    /// The detected format of the file the event came from.
    public var format: SourceFormat

    public init(fields: [String: Value], origin: Origin, format: SourceFormat) {
        self.fields = fields
        self.origin = origin
        self.format = format
    }

    public subscript(name: String) -> Value? {
        get { fields[name] }
        set { fields[name] = newValue }
    }

    /// The event time in epoch milliseconds, from `@timestamp`, when present.
    public var timestampMillis: Int64? {
        switch fields["@timestamp"] {
        case .date(let ms)?: return ms
        case .int(let i)?: return i
        case .string(let s)?: return Timestamp.parse(s)
        default: return nil
        }
    }
}
