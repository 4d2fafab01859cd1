import PumpwatchCore
import PumpwatchQuery

/// One generated differential case: a query in one dialect and the events it runs over.
struct PropertyCase: CustomStringConvertible, Sendable {
    var dialect: Dialect
    var query: String
    var events: [[String: Value]]
    /// Every field the events can hold, for ES|QL's `FROM` columns.
    var schema: [String]

    /// The query and the events as NDJSON, to reproduce a failure by hand.
    var description: String {
        let lines = events.map { fields in
            "{" + fields.keys.sorted().map { k in JSONWriter.quote(k) + ":" + PropertyCase.json(fields[k]!) }.joined(separator: ",") + "}"
        }
        return "\(dialect.rawValue) query:\n  \(query.replacingOccurrences(of: "\n", with: "\n  "))\nevents (\(events.count)):\n" + lines.joined(separator: "\n")
    }

    static func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return JSONWriter.quote(s)
        case .date(let ms): return JSONWriter.quote(Timestamp.iso8601(millis: ms))
        case .array(let a): return "[" + a.map(json).joined(separator: ",") + "]"
        }
    }
}
