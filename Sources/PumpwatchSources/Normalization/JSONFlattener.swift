import PumpwatchCore

/// Flattens a JSON object into dotted field paths (`a.b.c`), as generic NDJSON events are queried.
///
/// Arrays of scalars become multi-values; arrays holding objects or arrays are kept as their JSON text.
/// With `dropEmpty`, nulls and empty strings, objects and arrays are removed first (Elastic's rule).
public enum JSONFlattener {
    /// Adds the fields of `value` under `prefix` to `out`.
    public static func flatten(_ value: JSONValue, prefix: String = "", dropEmpty: Bool = false, into out: inout [String: Value]) {
        switch value {
        case .object(let members):
            for (k, v) in members {
                let name = prefix.isEmpty ? k : prefix + "." + k
                flatten(v, prefix: name, dropEmpty: dropEmpty, into: &out)
            }
        case .array(let items):
            if dropEmpty && items.isEmpty { return }
            if items.contains(where: { if case .object = $0 { return true }; if case .array = $0 { return true }; return false }) {
                let kept = dropEmpty ? (removingEmpty(value) ?? .array([])) : value
                if case .array(let rest) = kept, rest.isEmpty { return }
                out[prefix] = .string(JSONWriter.serialize(kept))
            } else {
                let vals = items.map(\.value).filter { !dropEmpty || !isEmpty($0) }
                if dropEmpty && vals.isEmpty { return }
                out[prefix] = .array(vals)
            }
        case .null:
            if !dropEmpty { out[prefix] = .null }
        case .string(let s):
            if dropEmpty && s.isEmpty { return }
            out[prefix] = .string(s)
        default:
            out[prefix] = value.value
        }
    }

    private static func isEmpty(_ v: Value) -> Bool {
        if case .null = v { return true }
        if case .string(let s) = v { return s.isEmpty }
        return false
    }

    /// The flattened fields of an object.
    public static func fields(of value: JSONValue, dropEmpty: Bool = false) -> [String: Value] {
        var out: [String: Value] = [:]
        flatten(value, dropEmpty: dropEmpty, into: &out)
        return out
    }

    /// True when `removingEmpty(value)` is nil: null, an empty string, or an object or array
    /// holding only empty values.
    public static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .object(let members): return !members.contains { !isEmpty($0.1) }
        case .array(let items): return !items.contains { !isEmpty($0) }
        default: return false
        }
    }

    /// `value` without nulls, empty strings, and objects or arrays left empty after that, at every depth;
    /// `nil` when nothing remains. This is the first step of Elastic's CloudTrail pipeline.
    public static func removingEmpty(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null: return nil
        case .string(let s): return s.isEmpty ? nil : value
        case .object(let members):
            var kept: [(String, JSONValue)] = []
            kept.reserveCapacity(members.count)
            for (k, v) in members {
                if let c = removingEmpty(v) { kept.append((k, c)) }
            }
            return kept.isEmpty ? nil : .object(kept)
        case .array(let items):
            let kept = items.compactMap(removingEmpty)
            return kept.isEmpty ? nil : .array(kept)
        default: return value
        }
    }
}
