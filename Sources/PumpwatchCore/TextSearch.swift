#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks for a text inside another by their UTF-8 bytes, without Foundation's locale-aware search.
///
/// Byte for byte: `"é"` written as one scalar and as `e` plus an accent are different texts here.
/// That is what log fields need (domains, paths, ids), and many times faster.
public enum TextSearch {
    /// True when `needle` occurs in `text`; an empty needle occurs everywhere.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var text = text
        var needle = needle
        return text.withUTF8 { t in needle.withUTF8 { n in contains(UnsafeRawBufferPointer(t), UnsafeRawBufferPointer(n)) } }
    }

    /// True when the `count` bytes at `a` and at `b` are the same, compared eight at a time and
    /// inline: for the short texts of log fields, a call to `memcmp` costs more than the comparison.
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// True when `needle` occurs in `haystack`; an empty needle occurs everywhere.
    public static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// The offset of the first `needle` in `haystack`; 0 for an empty needle, nil when absent.
    public static func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let n = needle.baseAddress, !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        let first = Int32(needle[0])
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
            i = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + i, n, needle.count) == 0 { return i }
            i += 1
        }
        return nil
    }
}
