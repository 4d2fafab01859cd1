import PumpwatchCore

/// Renders JSON values the way Java's `Map.toString()` prints the maps Elasticsearch parsed them into.
///
/// Elastic's CloudTrail pipeline stores `request_parameters`, `response_elements`,
/// `additional_eventdata` and `service_event_details` as these strings:
/// `{key=value, nested={a=1}, list=[a, b]}`, with unquoted strings, Java number formatting
/// (`1.5`, `1.0E7`) and keys in `java.util.HashMap` iteration order, which this type reproduces
/// (String hash codes, bucket index, table growth at the 0.75 load factor).
public enum JavaMapFormatter {
    /// The `toString()` text of `value` as Java prints the parsed map, list or scalar.
    public static func string(_ value: JSONValue) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }

    static func append(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(javaDouble(d))
        case .string(let s): out.append(s)
        case .array(let items):
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(", ") }
                append(item, to: &out)
            }
            out.append("]")
        case .object(let members):
            out.append("{")
            for (i, (key, member)) in hashMapOrder(members).enumerated() {
                if i > 0 { out.append(", ") }
                out.append(key)
                out.append("=")
                append(member, to: &out)
            }
            out.append("}")
        }
    }

    /// Java's `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, wrapping at 32 bits.
    public static func javaHashCode(_ s: String) -> Int32 {
        var text = s
        // ASCII bytes are their own UTF-16 code units.
        if let h = text.withUTF8({ bytes -> Int32? in
            var h: Int32 = 0
            for b in bytes {
                if b >= 0x80 { return nil }
                h = h &* 31 &+ Int32(b)
            }
            return h
        }) {
            return h
        }
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }

    /// The members in the order a `java.util.HashMap` filled in this order iterates them.
    /// A repeated key keeps its first position and takes the last value, as `put` does.
    public static func hashMapOrder(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        var keys: [String] = []
        var values: [JSONValue] = []
        // Each key's hash as HashMap spreads it (`h ^ h >>> 16`); the bucket is its low bits.
        var spread: [UInt32] = []
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        spread.reserveCapacity(members.count)
        // Large maps find repeated keys through a dictionary, small ones by looking.
        var positions: [String: Int]? = members.count > 32 ? [:] : nil
        var capacity = 16
        var bucketSizes = [Int](repeating: 0, count: capacity)
        for (key, value) in members {
            let known = positions != nil ? positions![key] : keys.firstIndex(of: key)
            if let known {
                values[known] = value
                continue
            }
            positions?[key] = keys.count
            let h = UInt32(bitPattern: javaHashCode(key))
            keys.append(key)
            values.append(value)
            spread.append(h ^ (h >> 16))
            let b = Int(spread[spread.count - 1] & UInt32(capacity - 1))
            let before = bucketSizes[b]
            bucketSizes[b] = before + 1
            // A ninth entry in one bin makes HashMap resize instead of building a tree while the table is small.
            let grow = before >= 8 && capacity < 64
            if grow || keys.count > capacity * 3 / 4 {
                capacity *= 2
                if keys.count > capacity * 3 / 4 { capacity *= 2 }
                bucketSizes = [Int](repeating: 0, count: capacity)
                for x in spread { bucketSizes[Int(x & UInt32(capacity - 1))] += 1 }
            }
        }
        let mask = UInt32(capacity - 1)
        let order = keys.indices.sorted { a, b in
            let ba = spread[a] & mask
            let bb = spread[b] & mask
            return ba != bb ? ba < bb : a < b
        }
        return order.map { (keys[$0], values[$0]) }
    }

    /// Java's `Double.toString`: plain decimals from 10^-3 up to 10^7, otherwise `d.dddE±n`.
    public static func javaDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, exponent) = shortestDigits(d)
        // value = 0.d1d2d3... × 10^exponent
        var out = negative ? "-" : ""
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if exponent <= 0 {
                out += "0." + String(repeating: "0", count: -exponent) + digits
            } else if exponent >= digits.count {
                out += digits + String(repeating: "0", count: exponent - digits.count) + ".0"
            } else {
                let split = digits.index(digits.startIndex, offsetBy: exponent)
                out += digits[..<split] + "." + digits[split...]
            }
        } else {
            let first = digits.prefix(1)
            let rest = digits.dropFirst()
            out += first + "." + (rest.isEmpty ? "0" : rest) + "E" + String(exponent - 1)
        }
        return out
    }

    /// The shortest round-tripping decimal digits of `d` (no leading or trailing zeros) and the
    /// exponent `e` such that |d| = 0.digits × 10^e.
    private static func shortestDigits(_ d: Double) -> (Bool, String, Int) {
        let text = "\(abs(d))"  // Swift prints the shortest round-tripping form, e.g. "1.5e-05", "123.25"
        var mantissa = text
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exp10 = Int(text[text.index(after: e)...]) ?? 0  // Int("+5") is 5
        }
        var intPart = mantissa
        var fracPart = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = String(mantissa[..<dot])
            fracPart = String(mantissa[mantissa.index(after: dot)...])
        }
        var all = intPart + fracPart
        var pointAt = intPart.count + exp10
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            pointAt -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (d.sign == .minus, all, pointAt)
    }
}
