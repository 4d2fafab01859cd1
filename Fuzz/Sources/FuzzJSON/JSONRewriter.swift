/// Rewrites JSON text so that two parsers that differ on purpose can be compared on the rest.
///
/// Both rewrites keep every byte offset, so error offsets stay comparable. They find strings by
/// their unescaped quotes; on invalid documents that guess can be wrong, but a document that is
/// valid after a rewrite had its strings found exactly.
enum JSONRewriter {
    /// The text with every `\u` escape of a lone UTF-16 surrogate replaced by `\uFFFD`.
    ///
    /// A high surrogate escape followed directly by a low surrogate escape is a pair and stays.
    /// pumpwatch reads a lone surrogate as U+FFFD (a log line cut inside an emoji still reads);
    /// Foundation rejects the document. After this rewrite both read the same characters.
    static func replacingLoneSurrogates(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        func escape(at k: Int) -> UInt32? {
            guard k + 6 <= bytes.count, bytes[k] == UInt8(ascii: "\\"), bytes[k + 1] == UInt8(ascii: "u") else { return nil }
            var v: UInt32 = 0
            for j in (k + 2)..<(k + 6) {
                guard let h = hexValue(bytes[j]) else { return nil }
                v = v << 4 | h
            }
            return v
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\\") else { i += 1; continue }
            guard let v = escape(at: i) else { i += 2; continue }
            if (0xD800..<0xDC00).contains(v), let low = escape(at: i + 6), (0xDC00..<0xE000).contains(low) {
                i += 12
                continue
            }
            if (0xD800..<0xE000).contains(v) {
                out.replaceSubrange((i + 2)..<(i + 6), with: Array("FFFD".utf8))
            }
            i += 6
        }
        return out
    }

    /// The text with each comma that stands between the end of a value and a closing `]` or `}`
    /// (with only whitespace around it) outside strings replaced by a space, and whether there was one.
    ///
    /// Foundation's parser accepts such a trailing comma; RFC 8259 and pumpwatch do not.
    static func removingTrailingCommas(_ bytes: [UInt8]) -> (bytes: [UInt8], removed: Bool) {
        var out = bytes
        var removed = false
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: ","), endsValue(before: i, in: bytes) {
                var j = i + 1
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: "]") || bytes[j] == UInt8(ascii: "}") {
                    out[i] = 0x20
                    removed = true
                }
            }
            i += 1
        }
        return (out, removed)
    }

    /// True when Foundation would not read the bytes as UTF-8: it skips a UTF-8 byte order mark,
    /// honours UTF-16 and UTF-32 ones, and reads text with a NUL byte among its first four bytes
    /// as UTF-16 or UTF-32. pumpwatch reads UTF-8 only, so such inputs are not compared.
    static func foundationReadsAnotherEncoding(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return true
        }
        return bytes.prefix(4).contains(0)
    }

    /// True when the last byte before `index` that is not whitespace can end a JSON value.
    static func endsValue(before index: Int, in bytes: [UInt8]) -> Bool {
        var k = index - 1
        while k >= 0, isSpace(bytes[k]) { k -= 1 }
        guard k >= 0 else { return false }
        let c = bytes[k]
        return c == UInt8(ascii: "\"") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || (c >= 48 && c <= 57)
            || c == UInt8(ascii: "e") || c == UInt8(ascii: "l")
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: return UInt32(c - 48)
        case 65...70: return UInt32(c - 55)
        case 97...102: return UInt32(c - 87)
        default: return nil
        }
    }
}
