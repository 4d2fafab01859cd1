import PumpwatchCore

/// One thing a reader reported, in the order it reported it: an event or a malformed record.
public enum ReadItem: CustomStringConvertible {
    case event(Event)
    case malformed(MalformedRecord)

    /// Where the event or the malformed record came from.
    public var origin: Origin {
        switch self {
        case .event(let e): return e.origin
        case .malformed(let m): return m.origin
        }
    }

    /// True when both items are the same event (fields, origin, format) or the same malformed record.
    public func isSame(as other: ReadItem) -> Bool {
        switch (self, other) {
        case (.event(let a), .event(let b)): return a.origin == b.origin && a.format == b.format && a.fields == b.fields
        case (.malformed(let a), .malformed(let b)): return a == b
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .event(let e): return "event at \(e.origin) with \(e.fields.count) fields"
        case .malformed(let m): return m.description
        }
    }
}
