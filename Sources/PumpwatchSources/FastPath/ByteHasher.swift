/// A fast, non-cryptographic hash of byte runs, for tables keyed by the bytes of field values.
///
/// It reads eight bytes at a time and mixes with multiply-xorshift steps; equal bytes always give
/// equal hashes within one process. It is not meant to resist crafted collisions: tables using it
/// stay correct (they compare the bytes) and only slow down.
enum ByteHasher {
    /// The hash of `count` bytes at `p`, continuing from `seed`.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ count: Int, seed: UInt64 = 0x243F_6A88_85A3_08D3) -> UInt64 {
        var h = seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= count {
            let w = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < count {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                w |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        h = h &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }
}
