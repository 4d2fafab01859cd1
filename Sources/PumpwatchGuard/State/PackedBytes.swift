/// Little-endian byte packing for saved state.
///
/// Fixed-size records written one after the other, which keeps a snapshot of a million records to
/// tens of megabytes and a fraction of a second.
struct PackedWriter {
    private(set) var bytes: [UInt8] = []

    init(reserving count: Int = 0) {
        bytes.reserveCapacity(count)
    }

    mutating func put(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ v: UInt16) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ v: UInt8) {
        bytes.append(v)
    }

    mutating func put(_ v: Double) {
        put(v.bitPattern)
    }

    mutating func put(_ c: SlidingCount) {
        put(c.window)
        put(c.current)
        put(c.previous)
    }

    mutating func put(_ r: RateWindows) {
        put(r.hour)
        put(r.day)
    }

    mutating func put(_ s: Bits128) {
        put(s.a)
        put(s.b)
    }

    mutating func put(_ s: Bits512) {
        for w in s.words { put(w) }
    }

    mutating func put(_ s: CountrySet) {
        put(s.low)
        put(s.high)
    }
}

/// Reads what `PackedWriter` wrote; running out of bytes is a `GuardStateError` naming the part.
struct PackedReader {
    private let bytes: [UInt8]
    private(set) var offset = 0
    /// What is being read, for errors (`numbers`).
    let part: String

    init(_ bytes: [UInt8], part: String) {
        self.bytes = bytes
        self.part = part
    }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { bytes.count - offset }

    private mutating func take(_ n: Int) throws(GuardStateError) -> ArraySlice<UInt8> {
        guard offset + n <= bytes.count else {
            throw GuardStateError(part: part, reason: "truncated at byte \(offset): \(n) more bytes expected")
        }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u64() throws(GuardStateError) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(8).enumerated() { v |= UInt64(b) << UInt64(8 * i) }
        return v
    }

    mutating func u32() throws(GuardStateError) -> UInt32 {
        var v: UInt32 = 0
        for (i, b) in try take(4).enumerated() { v |= UInt32(b) << UInt32(8 * i) }
        return v
    }

    mutating func u16() throws(GuardStateError) -> UInt16 {
        var v: UInt16 = 0
        for (i, b) in try take(2).enumerated() { v |= UInt16(b) << UInt16(8 * i) }
        return v
    }

    mutating func u8() throws(GuardStateError) -> UInt8 {
        try take(1).first!
    }

    mutating func double() throws(GuardStateError) -> Double {
        Double(bitPattern: try u64())
    }

    mutating func slidingCount() throws(GuardStateError) -> SlidingCount {
        SlidingCount(window: try u32(), current: try u32(), previous: try u32())
    }

    mutating func rateWindows() throws(GuardStateError) -> RateWindows {
        RateWindows(hour: try slidingCount(), day: try slidingCount())
    }

    mutating func bits128() throws(GuardStateError) -> Bits128 {
        Bits128(a: try u64(), b: try u64())
    }

    mutating func bits512() throws(GuardStateError) -> Bits512 {
        var words: [UInt64] = []
        for _ in 0..<8 { words.append(try u64()) }
        return Bits512(words: words)
    }

    mutating func countrySet() throws(GuardStateError) -> CountrySet {
        CountrySet(low: try u64(), high: try u64())
    }
}

/// A state record that packs into fixed bytes.
protocol PackedRecord: Sendable {
    func pack(into w: inout PackedWriter)
    init(unpacking r: inout PackedReader) throws(GuardStateError)
}
