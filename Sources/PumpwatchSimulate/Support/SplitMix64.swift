#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A seedable pseudo-random generator (SplitMix64), so that one seed always yields the same data.
///
/// Every draw goes through this type's own methods rather than the standard library's
/// `random(in:using:)`, whose algorithm may change between Swift releases; the simulated files
/// are then identical across toolchains as well as across runs.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named purpose (a scenario, a customer), independent of the others.
    init(seed: UInt64, label: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in label.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        state = SplitMix64.mix(seed ^ h)
    }

    /// The SplitMix64 finalizer: a good 64-bit mixing function.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (multiply-shift; the bias is below 2^-40 for our bounds).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(below(Int(range.upperBound - range.lowerBound + 1)))
    }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index drawn with the given relative weights.
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// A Poisson-distributed count with the given mean (normal approximation above 60).
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 60 {
            // Box-Muller; the approximation is indistinguishable at these means.
            let u1 = max(unit(), 1e-12)
            let u2 = unit()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return max(0, Int((mean + z * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var k = 0
        var p = unit()
        while p > limit {
            k += 1
            p *= unit()
        }
        return k
    }

    /// An exponentially distributed gap with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(max(1 - unit(), 1e-12))
    }

    /// `count` lowercase hexadecimal digits.
    mutating func hex(_ count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        var bits: UInt64 = 0
        var left = 0
        for _ in 0..<count {
            if left == 0 { bits = next(); left = 16 }
            out.unicodeScalars.append(SplitMix64.hexDigits[Int(bits & 0xF)])
            bits >>= 4
            left -= 1
        }
        return out
    }

    /// `count` decimal digits (the first may be zero).
    mutating func digits(_ count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        for _ in 0..<count { out.unicodeScalars.append(Unicode.Scalar(UInt8(48 + below(10)))) }
        return out
    }

    /// `count` characters from `alphabet`.
    mutating func characters(_ count: Int, from alphabet: [Unicode.Scalar]) -> String {
        var out = ""
        out.reserveCapacity(count)
        for _ in 0..<count { out.unicodeScalars.append(alphabet[below(alphabet.count)]) }
        return out
    }

    /// A version 4 UUID in lowercase canonical form.
    mutating func uuid() -> String {
        let h = Array(hex(32).unicodeScalars)
        var s = ""
        s.reserveCapacity(36)
        for (i, c) in h.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { s.append("-") }
            if i == 12 {
                s.append("4")
            } else if i == 16 {
                s.unicodeScalars.append(SplitMix64.hexDigits[8 + Int(c.value % 4)])
            } else {
                s.unicodeScalars.append(c)
            }
        }
        return s
    }

    static let hexDigits: [Unicode.Scalar] = Array("0123456789abcdef".unicodeScalars)
    static let upperAlphanumerics: [Unicode.Scalar] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
    static let alphanumerics: [Unicode.Scalar] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
}
