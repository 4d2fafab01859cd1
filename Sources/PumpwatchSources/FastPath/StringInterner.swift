#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out one `String` per distinct byte run seen recently, so that repeated field values
/// (ARNs, user agents, domains, event sources) share one storage instead of taking one allocation
/// per event.
///
/// It is a direct-mapped cache: a byte run's hash picks one slot, a hit returns the string kept
/// there, and a miss decodes the bytes and replaces it. Values that never repeat (ids) only cost
/// the hash. Strings shorter than 16 bytes are stored inline by `String` and are not cached, nor
/// are runs longer than `maximumLength`, so the cache pins at most `slotCount × maximumLength`
/// bytes. Detectors that keep field values (keys, samples) then keep one copy of each.
final class StringInterner {
    static let minimumLength = 16
    static let maximumLength = 512
    private let mask: Int
    @exclusivity(unchecked) private var hashes: [UInt64]
    @exclusivity(unchecked) private var strings: [String]

    /// A cache of `slotCount` strings (rounded up to a power of two).
    init(slotCount: Int = 4096) {
        var n = 1
        while n < slotCount { n <<= 1 }
        mask = n - 1
        hashes = Array(repeating: 0, count: n)
        strings = Array(repeating: "", count: n)
    }

    /// The UTF-8 text of `bytes` (invalid sequences repaired, as `String(decoding:as:)` does).
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let count = bytes.count
        guard count >= Self.minimumLength, count <= Self.maximumLength, let base = bytes.baseAddress else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let h = ByteHasher.hash(base, count)
        let i = Int(truncatingIfNeeded: h) & mask
        if hashes[i] == h {
            let kept = strings[i]
            let utf8 = kept.utf8
            if utf8.count == count, utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, base, count) == 0 }) == true {
                return kept
            }
        }
        let s = String(decoding: bytes, as: UTF8.self)
        hashes[i] = h
        strings[i] = s
        return s
    }
}
