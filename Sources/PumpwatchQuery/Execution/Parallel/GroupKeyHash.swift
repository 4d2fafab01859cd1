import PumpwatchCore

/// The hash of a group key (its values, in key order), worked out from the bytes of its values
/// where that is safe.
///
/// Swift compares strings by canonical equivalence, so two different byte sequences can be equal
/// strings; but plain ASCII text equals only the same bytes. `byteHash` therefore hashes ASCII
/// text straight from its UTF-8 bytes (one fast pass, no per-string hasher set-up) and gives up on
/// any other text, for which `standardHash` (Swift's own hashing) is used. A table must use one of
/// the two for all its keys; equality always compares the values themselves.
enum GroupKeyHash {
    /// The byte hash of `values`, or nil when some text is not plain ASCII.
    @inline(__always)
    static func byteHash<Values: Collection<Value>>(_ values: Values) -> Int? {
        combined(values, count: values.count, part: byteHash)
    }

    /// The byte hash of a key given by its bytes: the same as `byteHash` of its values. Key `k` is
    /// a `.date` when bit `k` of `dates` is set, its bytes then the 8 of its milliseconds
    /// (`dateMillis`); every other key is a `.string` of its UTF-8 bytes. Nil when some text is
    /// not plain ASCII.
    @inline(__always)
    static func textHash(_ texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, dates: UInt64 = 0) -> Int? {
        if dates == 0 { return combined(texts, count: texts.count, part: stringHash) }
        var k = 0
        return combined(texts, count: texts.count) { t in
            defer { k += 1 }
            if isDate(k, dates) { return mix(5, UInt64(bitPattern: dateMillis(t))) }
            return stringHash(t)
        }
    }

    /// True when key `k` is a date in a key whose dates are the bits of `dates`.
    @inline(__always)
    static func isDate(_ k: Int, _ dates: UInt64) -> Bool {
        k < 64 && dates & (UInt64(1) << UInt64(k)) != 0
    }

    /// The milliseconds of a date key given by its 8 bytes.
    @inline(__always)
    static func dateMillis(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        bytes.loadUnaligned(as: Int64.self)
    }

    /// The parts of a key's values (`part` of each, nil when one has none), mixed in order.
    @inline(__always)
    private static func combined<Parts: Sequence>(_ parts: Parts, count: Int, part: (Parts.Element) -> UInt64?) -> Int? {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        for p in parts {
            guard let x = part(p) else { return nil }
            let m = (h ^ x) &* 0xFF51_AFD7_ED55_8CCD
            h = m ^ (m >> 29)
        }
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    private static func mix(_ tag: UInt64, _ x: UInt64) -> UInt64 {
        var z = (x ^ (tag &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        return z
    }

    /// The part of a `.string` value with UTF-8 `bytes`; nil when they are not plain ASCII.
    @inline(__always)
    static func stringHash(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        guard let raw = bytes.baseAddress else { return mix(6, h) }
        var high: UInt64 = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            high |= w
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(raw.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            high |= w
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        }
        guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
        return mix(6, h)
    }

    /// Swift's hash of `values`.
    static func standardHash<Values: Collection<Value>>(_ values: Values) -> Int {
        var hasher = Hasher()
        hasher.combine(values.count)
        for v in values { hasher.combine(v) }
        return hasher.finalize()
    }

    private static func byteHash(_ v: Value) -> UInt64? {
        switch v {
        case .null: return mix(1, 0)
        case .bool(let b): return mix(2, b ? 1 : 0)
        case .int(let i): return mix(3, UInt64(bitPattern: i))
        case .double(let d): return mix(4, d == 0 ? 0 : d.bitPattern)
        case .date(let ms): return mix(5, UInt64(bitPattern: ms))
        case .string(let s):
            var text = s
            return text.withUTF8 { stringHash(UnsafeRawBufferPointer($0)) }
        case .array(let items):
            var h: UInt64 = mix(7, UInt64(items.count))
            for item in items {
                guard let part = byteHash(item) else { return nil }
                h = (h ^ part) &* 0xFF51_AFD7_ED55_8CCD
            }
            return h
        }
    }
}
