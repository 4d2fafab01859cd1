import PumpwatchCore

/// Parses the JSON value at the start of a byte prefix that may stop anywhere.
///
/// Format detection only sees the first 64 KiB of a file, which can end inside a string or deep
/// inside `{"Records": [...]}`. This parser returns what it read so far, closing the open
/// containers, and says whether the value was complete. Syntax errors give `nil`.
struct PartialJSONParser {
    /// The parsed value, whether it ended inside the prefix, and the offset just after it.
    struct Outcome {
        var value: JSONValue
        var isComplete: Bool
        var end: Int
    }

    private let bytes: [UInt8]
    private var pos: Int
    private var truncated = false
    private let maxDepth = 64

    private init(bytes: [UInt8], start: Int) {
        self.bytes = bytes
        self.pos = start
    }

    /// Parses the value starting at `start` (after optional whitespace).
    static func parse(_ bytes: [UInt8], from start: Int = 0) -> Outcome? {
        var p = PartialJSONParser(bytes: bytes, start: start)
        p.skipSpace()
        guard let v = p.value(depth: 0) else { return nil }
        return Outcome(value: v, isComplete: !p.truncated, end: p.pos)
    }

    private mutating func skipSpace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x0D || bytes[pos] == 0x09 { pos += 1 }
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard pos < bytes.count else { truncated = true; return nil }
        guard depth < maxDepth else { return nil }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), 48...57: return number()
        default: return nil
        }
    }

    private mutating func literal(_ word: String, _ v: JSONValue) -> JSONValue? {
        for b in word.utf8 {
            guard pos < bytes.count else { truncated = true; return v }
            guard bytes[pos] == b else { return nil }
            pos += 1
        }
        return v
    }

    private mutating func number() -> JSONValue? {
        let start = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                pos += 1
            } else {
                break
            }
        }
        if pos == bytes.count { truncated = true }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if let i = Int64(text) { return .int(i) }
        if let d = Double(text) { return .double(d) }
        return truncated ? .null : nil
    }

    private mutating func string() -> String? {
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < bytes.count else { break }
                let e = bytes[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"):
                    // Detection never needs escaped characters; keep a placeholder.
                    pos = min(bytes.count, pos + 4)
                    out.append(UInt8(ascii: "?"))
                default: out.append(e)
                }
                continue
            }
            if c < 0x20 { return nil }
            out.append(c)
            pos += 1
        }
        truncated = true
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func object(depth: Int) -> JSONValue? {
        pos += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard pos < bytes.count else { truncated = true; return .object(members) }
            guard bytes[pos] == UInt8(ascii: "\""), let key = string() else { return nil }
            if truncated { return .object(members) }
            skipSpace()
            guard pos < bytes.count else { truncated = true; return .object(members + [(key, .null)]) }
            guard bytes[pos] == UInt8(ascii: ":") else { return nil }
            pos += 1
            skipSpace()
            guard let v = value(depth: depth + 1) else {
                return truncated ? .object(members + [(key, .null)]) : nil
            }
            members.append((key, v))
            if truncated { return .object(members) }
            skipSpace()
            guard pos < bytes.count else { truncated = true; return .object(members) }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            return nil
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipSpace()
            guard let v = value(depth: depth + 1) else {
                return truncated ? .array(items) : nil
            }
            items.append(v)
            if truncated { return .array(items) }
            skipSpace()
            guard pos < bytes.count else { truncated = true; return .array(items) }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            return nil
        }
    }
}
