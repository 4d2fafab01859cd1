/// Serializes values as compact JSON, escaping strings per RFC 8259.
public enum JSONWriter {
    /// Appends `s` as a quoted, escaped JSON string.
    public static func appendString(_ s: String, to out: inout String) {
        out.append("\"")
        for u in s.unicodeScalars {
            switch u {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - h.count) + h)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append("\"")
    }

    /// A quoted JSON string for `s`.
    public static func quote(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    /// Compact JSON text for a parsed document.
    public static func serialize(_ v: JSONValue) -> String {
        var out = ""
        append(v, to: &out)
        return out
    }

    public static func append(_ v: JSONValue, to out: inout String) {
        switch v {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(d.isFinite ? Value.format(double: d) : "null")
        case .string(let s): appendString(s, to: &out)
        case .array(let a):
            out.append("[")
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(",") }
                append(e, to: &out)
            }
            out.append("]")
        case .object(let o):
            out.append("{")
            for (i, (k, e)) in o.enumerated() {
                if i > 0 { out.append(",") }
                appendString(k, to: &out)
                out.append(":")
                append(e, to: &out)
            }
            out.append("}")
        }
    }

    /// Appends a query value as JSON: dates as ISO 8601 strings, multi-values as arrays.
    public static func append(_ v: Value, to out: inout String) {
        switch v {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(d.isFinite ? Value.format(double: d) : "null")
        case .string(let s): appendString(s, to: &out)
        case .date(let ms): appendString(Timestamp.iso8601(millis: ms), to: &out)
        case .array(let a):
            out.append("[")
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(",") }
                append(e, to: &out)
            }
            out.append("]")
        }
    }

    /// A JSON object with the given members in order.
    public static func object(_ members: [(String, Value)]) -> String {
        var out = "{"
        for (i, (k, v)) in members.enumerated() {
            if i > 0 { out.append(",") }
            appendString(k, to: &out)
            out.append(":")
            append(v, to: &out)
        }
        out.append("}")
        return out
    }
}
