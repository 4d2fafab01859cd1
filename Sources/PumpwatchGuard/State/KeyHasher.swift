/// Turns request values into the 64-bit keys of the state tables.
///
/// Values are user ids, session ids, request ids and IP addresses.
///
/// FNV-1a over the bytes, started from a per-state secret seed and finished with the SplitMix64
/// mixer. The seed is kept in the snapshot, so keys stay valid across a restart, while an outsider
/// who does not know it cannot choose values that collide with someone else's counters.
struct KeyHasher: Sendable, Equatable {
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
    }

    /// The key of `text` within the family `tag` (so a user and a session with the same text differ).
    func key(_ text: String, tag: UInt8) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed ^ (UInt64(tag) << 56)
        var text = text
        text.withUTF8 { bytes in
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        return KeyHasher.mix(h)
    }

    /// The key of a number within the family `tag`.
    func key(_ value: UInt64, tag: UInt8) -> UInt64 {
        KeyHasher.mix(value ^ seed ^ (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The SplitMix64 finalizer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Key families.
    enum Tag {
        static let user: UInt8 = 1
        static let session: UInt8 = 2
        static let request: UInt8 = 3
        static let ip: UInt8 = 4
        static let number: UInt8 = 5
        static let block: UInt8 = 6
        static let prefix: UInt8 = 7
    }
}
