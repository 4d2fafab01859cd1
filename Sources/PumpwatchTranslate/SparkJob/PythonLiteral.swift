/// Python source text for the values the Spark job generator writes: strings, lists, dicts.
enum PythonLiteral {
    /// A double-quoted Python string literal.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An optional string: `None` for nil.
    static func optional(_ s: String?) -> String {
        s.map(string) ?? "None"
    }

    /// A list of strings on one line.
    static func list(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ", ") + "]"
    }

    /// Multi-line text (SQL) kept readable: a raw triple-quoted string when the text allows it,
    /// else an escaped literal.
    static func block(_ s: String) -> String {
        let safe = !s.contains("\"\"\"") && !s.hasSuffix("\\") && !s.hasSuffix("\"") && !s.contains("\r")
        return safe ? "r\"\"\"" + s + "\"\"\"" : string(s)
    }
}
