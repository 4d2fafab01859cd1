/// FNV-1a, 64 bits: the same value for the same text in every run (Swift's `Hasher` is seeded per process).
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
