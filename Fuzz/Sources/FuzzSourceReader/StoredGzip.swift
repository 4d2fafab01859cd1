/// Gzip files whose deflate stream holds stored (uncompressed) blocks: valid gzip the reader
/// must inflate to exactly the bytes put in, without a compression library.
enum StoredGzip {
    /// `bytes` as a gzip file, in stored blocks of at most `blockSize` bytes.
    static func compress(_ bytes: [UInt8], blockSize: Int = 65535) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        let size = max(1, min(blockSize, 65535))
        var start = 0
        repeat {
            let end = min(bytes.count, start + size)
            let length = UInt16(end - start)
            out.append(end == bytes.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        let crc = crc32(bytes)
        let count = UInt32(truncatingIfNeeded: bytes.count)
        for v in [crc, count] { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        return out
    }

    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 (ISO-HDLC, as in gzip) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
