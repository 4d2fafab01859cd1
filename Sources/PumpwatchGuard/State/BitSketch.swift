#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size bitmap used as a linear-counting sketch.
///
/// After Whang, Vander-Zanden and Taylor (1990): each value sets the bit its hash selects, and the
/// number of distinct values is estimated from the share of bits still clear, `-m ln(clear / m)`.
/// Stored inline (no heap), so a record holding one stays a plain value.
protocol BitSketch: Sendable, Equatable {
    /// How many bits the sketch has.
    static var bitCount: Int { get }
    init()
    /// Sets bit `index` (taken modulo `bitCount`).
    mutating func set(bit index: Int)
    /// The union of two sketches.
    func union(_ other: Self) -> Self
    /// How many bits are set.
    var ones: Int { get }
}

extension BitSketch {
    /// Sets the bit selected by `hash`.
    mutating func insert(hash: UInt64) {
        set(bit: Int(truncatingIfNeeded: hash >> 7) & (Self.bitCount - 1))
    }

    /// The linear-counting estimate of distinct values; a full sketch gives its ceiling `m ln m`.
    var estimate: Double {
        Self.estimate(ones: ones)
    }

    static func estimate(ones: Int) -> Double {
        let m = Double(bitCount)
        let clear = Double(bitCount - ones)
        if clear <= 0 { return m * log(m) }
        return (-m * log(clear / m) * 100).rounded() / 100
    }
}

/// 128 bits: exact for the last two digits of a number block (positions 0–99), a sketch otherwise.
struct Bits128: BitSketch {
    var a: UInt64 = 0
    var b: UInt64 = 0

    static let bitCount = 128

    init() {}

    init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }

    mutating func set(bit index: Int) {
        let i = index & 127
        if i < 64 { a |= 1 << UInt64(i) } else { b |= 1 << UInt64(i - 64) }
    }

    func union(_ o: Bits128) -> Bits128 { Bits128(a: a | o.a, b: b | o.b) }

    var ones: Int { a.nonzeroBitCount + b.nonzeroBitCount }
}

/// 512 bits: about ±1 at ten distinct values and usable up to a few thousand.
struct Bits512: BitSketch {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    var w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0

    static let bitCount = 512

    init() {}

    init(words: [UInt64]) {
        w0 = words[0]; w1 = words[1]; w2 = words[2]; w3 = words[3]
        w4 = words[4]; w5 = words[5]; w6 = words[6]; w7 = words[7]
    }

    var words: [UInt64] { [w0, w1, w2, w3, w4, w5, w6, w7] }

    mutating func set(bit index: Int) {
        let i = index & 511
        let bit: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        case 3: w3 |= bit
        case 4: w4 |= bit
        case 5: w5 |= bit
        case 6: w6 |= bit
        default: w7 |= bit
        }
    }

    func union(_ o: Bits512) -> Bits512 {
        var r = Bits512()
        r.w0 = w0 | o.w0; r.w1 = w1 | o.w1; r.w2 = w2 | o.w2; r.w3 = w3 | o.w3
        r.w4 = w4 | o.w4; r.w5 = w5 | o.w5; r.w6 = w6 | o.w6; r.w7 = w7 | o.w7
        return r
    }

    var ones: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
            + w4.nonzeroBitCount + w5.nonzeroBitCount + w6.nonzeroBitCount + w7.nonzeroBitCount
    }
}
