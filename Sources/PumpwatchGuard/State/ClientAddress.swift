import PumpwatchCore

/// A client address as 128 bits.
///
/// IPv4 is mapped into `::ffff:0:0/96` and parsed without allocating.
struct ClientAddress: Sendable, Equatable {
    let high: UInt64
    let low: UInt64
    let isV4: Bool

    init(high: UInt64, low: UInt64, isV4: Bool) {
        self.high = high
        self.low = low
        self.isV4 = isV4
    }

    init?(_ text: String) {
        if let v4 = ClientAddress.parseV4(text) {
            self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(v4), isV4: true)
            return
        }
        var t = text
        if let percent = t.firstIndex(of: "%") { t = String(t[..<percent]) }
        guard let parsed = IPAddress.parse(t), parsed.bytes.count == 16 else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for i in 0..<8 { h = h << 8 | UInt64(parsed.bytes[i]) }
        for i in 8..<16 { l = l << 8 | UInt64(parsed.bytes[i]) }
        self.init(high: h, low: l, isV4: parsed.isV4 || (h == 0 && l >> 32 == 0xFFFF))
    }

    /// The value the per-address counters are keyed by.
    ///
    /// The IPv4 address, or the IPv6 /64 (a host rotates freely inside its /64, so it counts as one
    /// client).
    var counterValue: UInt64 { isV4 ? low : high }

    static func parseV4(_ text: String) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var dots = 0
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | part
                part = 0
                digits = 0
                dots += 1
            } else if c >= 48 && c <= 57 {
                part = part * 10 + UInt32(c - 48)
                digits += 1
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | part
    }
}
