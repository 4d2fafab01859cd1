/// Reads `application/x-www-form-urlencoded` text (a POST body or a query string) into its
/// name-value pairs, in order, with `+` as a space and `%XX` escapes decoded.
enum FormBody {
    /// The pairs of `bytes`; a malformed escape or text that is not UTF-8 is an error.
    static func parameters(_ bytes: [UInt8]) throws(IngestError) -> [(String, String)] {
        var out: [(String, String)] = []
        for (index, pair) in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).enumerated() {
            let eq = pair.firstIndex(of: UInt8(ascii: "="))
            let nameBytes = eq.map { pair[pair.startIndex..<$0] } ?? pair[...]
            let valueBytes = eq.map { pair[pair.index(after: $0)...] } ?? []
            guard let name = decode(nameBytes), let value = decode(valueBytes) else {
                throw .malformed("form parameter \(index + 1) has a bad %-escape or is not UTF-8")
            }
            out.append((name, value))
        }
        return out
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(0x20)
            } else if c == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
