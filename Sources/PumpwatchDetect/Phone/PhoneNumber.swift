/// A phone number in E.164 form: `+`, a country calling code and the national number, 8 to 15 digits.
///
/// Parsing accepts what the sources write (`+15550001234`, `+1 (555) 000-1234`, `0044 7700 900123`,
/// `whatsapp:+15550001234`, `tel:+1-555-000-1234`) and rejects masked (`+*******1234`),
/// alphanumeric and national-format numbers, since their country cannot be known. The digits are
/// kept as one integer (15 digits fit in 64 bits and E.164 numbers never start with 0), so a
/// number costs 16 bytes wherever detectors keep it.
public struct PhoneNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits after `+`, as a number.
    public let value: UInt64
    /// How many digits the number has (8–15).
    public let digitCount: Int

    /// The shortest and longest numbers accepted, in digits after `+`.
    public static let digitRange = 8...15

    /// Parses a number written with `+` or `00`, ignoring spaces, dashes, dots, slashes and brackets.
    public init?(_ text: String) {
        var s = Substring(text.trimmingSpaces())
        for scheme in ["whatsapp:", "tel:", "sms:", "sip:"] where s.count > scheme.count {
            if s.prefix(scheme.count).lowercased() == scheme { s = s.dropFirst(scheme.count) }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var sawPlus = false
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(c - 48)
            case UInt8(ascii: "+"):
                // Only a leading plus.
                guard !sawPlus, digits.isEmpty else { return nil }
                sawPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "/"), 9, 0xC2, 0xA0:
                // 0xC2 0xA0 is a no-break space.
                continue
            default:
                return nil
            }
        }
        if !sawPlus {
            guard digits.count > 2, digits[0] == 0, digits[1] == 0 else { return nil }
            digits.removeFirst(2)
        }
        self.init(digits: digits)
    }

    /// The number with these digits after `+` (each 0–9); `nil` outside 8–15 digits or with a leading 0.
    init?(digits: [UInt8]) {
        guard PhoneNumber.digitRange.contains(digits.count), digits[0] != 0 else { return nil }
        var v: UInt64 = 0
        for d in digits { v = v * 10 + UInt64(d) }
        value = v
        digitCount = digits.count
    }

    /// The number whose digits after `+` are `value`.
    public init?(value: UInt64) {
        var n = value
        var count = 0
        while n > 0 { count += 1; n /= 10 }
        guard PhoneNumber.digitRange.contains(count) else { return nil }
        self.value = value
        self.digitCount = count
    }

    /// The digits after `+` (`15550001234`).
    public var digits: String { String(value) }

    /// The number as E.164 text (`+15550001234`).
    public var e164: String { "+" + String(value) }

    public var description: String { e164 }

    /// The first `count` digits as a number (`prefix(3)` of +23276123456 is 232).
    public func prefix(_ count: Int) -> UInt64 {
        guard count < digitCount else { return value }
        return value / PhoneNumber.powerOfTen(digitCount - count)
    }

    /// The block of numbers sharing all but the last `trailingDigits` digits.
    public func block(trailingDigits: Int) -> NumberBlock {
        NumberBlock(number: self, trailingDigits: trailingDigits)
    }

    public static func < (a: PhoneNumber, b: PhoneNumber) -> Bool {
        a.digitCount != b.digitCount ? a.digitCount < b.digitCount : a.value < b.value
    }

    /// 10 to the power `n` (0–19).
    static func powerOfTen(_ n: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<max(0, min(n, 19)) { p *= 10 }
        return p
    }
}
