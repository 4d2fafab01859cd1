import PumpwatchCore

extension Value {
    /// The value as JSON: dates as ISO 8601 UTC strings, multi-values as arrays, non-finite numbers as null.
    var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return d.isFinite ? .double(d) : .null
        case .string(let s): return .string(s)
        case .date(let ms): return .string(Timestamp.iso8601(millis: ms))
        case .array(let a): return .array(a.map(\.json))
        }
    }
}

extension JSONValue {
    /// An object from ordered pairs of values, keeping their order (later duplicates are dropped).
    static func object(pairs: [(String, Value)]) -> JSONValue {
        var seen = Set<String>()
        var members: [(String, JSONValue)] = []
        for (k, v) in pairs where seen.insert(k).inserted { members.append((k, v.json)) }
        return .object(members)
    }

    /// An object from optional members; members whose value is `nil` are left out.
    static func compact(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(members.compactMap { k, v in v.map { (k, $0) } })
    }

    /// An ISO 8601 UTC string for epoch milliseconds, or null.
    static func isoTime(_ millis: Int64?) -> JSONValue {
        millis.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null
    }

    /// Compact JSON text.
    var text: String { JSONWriter.serialize(self) }
}
