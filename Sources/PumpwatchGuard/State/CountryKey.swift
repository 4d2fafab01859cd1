/// A destination country as a small stable number, so records and per-country tables need no strings.
///
/// ISO 3166 codes map to 0–675 (two letters, A–Z each); non-geographic calling codes (`+881`,
/// `+979`: 800–999) to 676–875; a number whose calling code is unassigned to 877. The mapping is
/// fixed, so keys in a saved state mean the same country after a restart.
struct CountryKey: Sendable, Hashable, Comparable {
    let raw: UInt16

    init(raw: UInt16) {
        self.raw = raw
    }

    /// How many keys there are, for per-country arrays.
    static let count = 878
    /// The key of numbers whose calling code is not assigned.
    static let unknown = CountryKey(raw: 877)

    /// The key of a country as `CallingCodes` names it (`GB`, `+881`), or `nil` for anything else.
    init?(_ text: String) {
        let u = Array(text.utf8)
        if u.count == 2, let a = CountryKey.letter(u[0]), let b = CountryKey.letter(u[1]) {
            raw = a * 26 + b
            return
        }
        if u.count == 4, u[0] == UInt8(ascii: "+"), let code = UInt16(String(decoding: u[1...], as: UTF8.self)), (800...999).contains(code) {
            raw = 676 + code - 800
            return
        }
        return nil
    }

    private static func letter(_ c: UInt8) -> UInt16? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt16(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt16(c - UInt8(ascii: "a"))
        default: return nil
        }
    }

    /// The country as text: `GB`, `+881`, or `??` for an unassigned calling code.
    var text: String {
        if raw < 676 {
            let a = Character(Unicode.Scalar(UInt8(raw / 26) + UInt8(ascii: "A")))
            let b = Character(Unicode.Scalar(UInt8(raw % 26) + UInt8(ascii: "A")))
            return String([a, b])
        }
        if raw < 876 { return "+" + String(Int(raw) - 676 + 800) }
        return "??"
    }

    var index: Int { Int(raw) }

    static func < (a: CountryKey, b: CountryKey) -> Bool { a.raw < b.raw }
}
