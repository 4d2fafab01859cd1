/// Tells whether the Java map string `JavaMapFormatter` would print for a JSON value holds a piece of
/// text, from the value's bytes and without building the string.
///
/// The string is made of member names and scalar texts joined by `{`, `}`, `[`, `]`, `=`, `, `,
/// after empty values are removed; a needle holding none of those characters can only occur
/// inside one name or scalar. Numbers are printed in Java's own form, so the needle must also hold
/// a character no printed number has. Then the needle occurs in the string exactly when it occurs
/// in the raw text of a string value that survives empty-value removal, of a member name whose
/// value survives, or of a surviving boolean, provided strings carry no escapes (raw text is the
/// text) and no object repeats a member name (Java keeps one entry). When these conditions do not
/// hold the answer is nil, and the caller builds the string.
enum JavaMapSearch {
    /// Characters of Java's printed numbers (`-1.5E-7`, `Infinity`, `NaN`).
    private static let numberBytes = Set("0123456789.-EInfinityNa".utf8)
    /// Characters that separate the parts of a Java map string.
    private static let separatorBytes = Set("{}[]=, \"\\".utf8)

    /// True when `needle` can be searched for this way.
    static func canSearch(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) else { return false }
        guard !needle.contains(where: separatorBytes.contains) else { return false }
        return needle.contains { !numberBytes.contains($0) }
    }

    /// Whether the printed value of the JSON text `json` (checked JSON, plain ASCII without
    /// escapes) holds `needle`; false when nothing survives; nil when the bytes do not decide.
    static func contains(_ json: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool? {
        guard let base = json.baseAddress, json.count > 0 else { return nil }
        var walker = Walker(base: base, end: json.count, needle: needle)
        guard let (survives, found) = walker.value(depth: 0) else { return nil }
        return survives && found
    }

    private struct Walker {
        let base: UnsafeRawPointer
        let end: Int
        let needle: [UInt8]
        var pos = 0

        init(base: UnsafeRawPointer, end: Int, needle: [UInt8]) {
            self.base = base
            self.end = end
            self.needle = needle
        }

        @inline(__always)
        func byte(_ i: Int) -> UInt8 { i < end ? base.load(fromByteOffset: i, as: UInt8.self) : 0 }

        mutating func space() {
            while pos < end {
                let c = byte(pos)
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
            }
        }

        /// The string at `pos` (at its quote): its content range; nil when it has an escape or non-ASCII byte.
        mutating func string() -> Range<Int>? {
            pos += 1
            let start = pos
            while pos < end {
                let c = byte(pos)
                if c == UInt8(ascii: "\"") {
                    pos += 1
                    return start..<(pos - 1)
                }
                if c == UInt8(ascii: "\\") || c >= 0x80 { return nil }
                pos += 1
            }
            return nil
        }

        func holdsNeedle(_ r: Range<Int>) -> Bool {
            ProjectedEventBuilder<CloudTrailProjector>.contains(UnsafeRawBufferPointer(start: base + r.lowerBound, count: r.count), needle)
        }

        /// (survives empty-value removal, holds the needle) for the value at `pos`.
        mutating func value(depth: Int) -> (Bool, Bool)? {
            guard depth < 64 else { return nil }
            space()
            let c = byte(pos)
            switch c {
            case UInt8(ascii: "\""):
                guard let r = string() else { return nil }
                return r.isEmpty ? (false, false) : (true, holdsNeedle(r))
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                let length = c == UInt8(ascii: "t") ? 4 : 5
                let r = pos..<(pos + length)
                pos += length
                return (true, holdsNeedle(r))
            case UInt8(ascii: "n"):
                pos += 4
                return (false, false)
            case UInt8(ascii: "{"):
                pos += 1
                var keys: [Range<Int>] = []
                var survives = false
                var found = false
                space()
                if byte(pos) == UInt8(ascii: "}") {
                    pos += 1
                    return (false, false)
                }
                while true {
                    space()
                    guard byte(pos) == UInt8(ascii: "\""), let key = string() else { return nil }
                    space()
                    pos += 1  // the colon
                    guard let (s, f) = value(depth: depth + 1) else { return nil }
                    if s {
                        for k in keys where k.count == key.count && memcmp(base + k.lowerBound, base + key.lowerBound, k.count) == 0 {
                            return nil
                        }
                        keys.append(key)
                        survives = true
                        if f || holdsNeedle(key) { found = true }
                    }
                    space()
                    let sep = byte(pos)
                    pos += 1
                    if sep == UInt8(ascii: ",") { continue }
                    guard sep == UInt8(ascii: "}") else { return nil }
                    return (survives, found)
                }
            case UInt8(ascii: "["):
                pos += 1
                var survives = false
                var found = false
                space()
                if byte(pos) == UInt8(ascii: "]") {
                    pos += 1
                    return (false, false)
                }
                while true {
                    guard let (s, f) = value(depth: depth + 1) else { return nil }
                    if s {
                        survives = true
                        if f { found = true }
                    }
                    space()
                    let sep = byte(pos)
                    pos += 1
                    if sep == UInt8(ascii: ",") { continue }
                    guard sep == UInt8(ascii: "]") else { return nil }
                    return (survives, found)
                }
            default:
                // A number: it survives, and cannot hold the needle.
                while pos < end {
                    let d = byte(pos)
                    if (d >= 48 && d <= 57) || d == UInt8(ascii: "-") || d == UInt8(ascii: "+") || d == UInt8(ascii: ".")
                        || d == UInt8(ascii: "e") || d == UInt8(ascii: "E")
                    {
                        pos += 1
                    } else {
                        break
                    }
                }
                return (true, false)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
