/// Up to eight distinct countries, exactly, in 16 bytes.
///
/// Further countries are not stored and the count stops at eight (`isFull`).
struct CountrySet: Sendable, Equatable {
    /// Four 16-bit slots each; a slot holds a country's `CountryKey` plus one, zero when empty.
    var low: UInt64 = 0
    var high: UInt64 = 0

    static let capacity = 8

    init() {}

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    private func slot(_ i: Int) -> UInt16 {
        let word = i < 4 ? low : high
        return UInt16(truncatingIfNeeded: word >> UInt64((i & 3) * 16))
    }

    private mutating func setSlot(_ i: Int, _ v: UInt16) {
        let shift = UInt64((i & 3) * 16)
        if i < 4 { low |= UInt64(v) << shift } else { high |= UInt64(v) << shift }
    }

    func contains(_ country: CountryKey) -> Bool {
        let v = country.raw &+ 1
        for i in 0..<CountrySet.capacity where slot(i) == v { return true }
        return false
    }

    /// Adds `country`; false when the set is full and the country is not in it.
    @discardableResult
    mutating func insert(_ country: CountryKey) -> Bool {
        let v = country.raw &+ 1
        for i in 0..<CountrySet.capacity {
            let s = slot(i)
            if s == v { return true }
            if s == 0 {
                setSlot(i, v)
                return true
            }
        }
        return false
    }

    var count: Int {
        var n = 0
        for i in 0..<CountrySet.capacity where slot(i) != 0 { n += 1 }
        return n
    }

    var isFull: Bool { count == CountrySet.capacity }

    /// The countries in both sets together (up to eight).
    func union(_ other: CountrySet) -> CountrySet {
        var r = self
        for i in 0..<CountrySet.capacity {
            let s = other.slot(i)
            if s != 0 { r.insert(CountryKey(raw: s - 1)) }
        }
        return r
    }

    /// The countries of this set that are not in `other`.
    func subtracting(_ other: CountrySet) -> CountrySet {
        var r = CountrySet()
        for c in members where !other.contains(c) { r.insert(c) }
        return r
    }

    var members: [CountryKey] {
        (0..<CountrySet.capacity).compactMap { slot($0) == 0 ? nil : CountryKey(raw: slot($0) - 1) }
    }
}
