import PumpwatchCore

/// An IPv4 or IPv6 network of an allow list.
///
/// `10.0.0.0/8`, `2001:db8::/32` or one address, matched against a `ClientAddress` with two masked
/// 64-bit comparisons.
public struct CIDRBlock: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    let isV4: Bool
    let high: UInt64
    let low: UInt64
    /// The prefix length over all 128 bits (an IPv4 /8 is 104).
    let bits: Int

    /// Parses a network (`10.0.0.0/8`, `2001:db8::/32`) or one address.
    ///
    /// An IPv4 block in dotted form, or any IPv6 block; IPv4-mapped IPv6 blocks
    /// (`::ffff:10.0.0.0/104`) match the IPv4 addresses they map.
    public init?(_ text: String) {
        self.text = text
        let parts = text.trimmingCharacters(in: " ").split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = ClientAddress(String(parts[0])) else { return nil }
        let written6 = parts[0].contains(":")
        let full = written6 ? 128 : 32
        var bits = full
        if parts.count == 2 {
            guard let b = Int(parts[1]), (0...full).contains(b) else { return nil }
            bits = b
        }
        isV4 = address.isV4
        self.bits = written6 ? bits : bits + 96
        let (h, l) = CIDRBlock.mask(self.bits)
        high = address.high & h
        low = address.low & l
    }

    /// True when `address` lies in the block.
    func contains(_ address: ClientAddress) -> Bool {
        guard address.isV4 == isV4 else { return false }
        let (h, l) = CIDRBlock.mask(bits)
        return address.high & h == high && address.low & l == low
    }

    /// The masks of a 128-bit prefix of `bits` bits.
    static func mask(_ bits: Int) -> (UInt64, UInt64) {
        let h: UInt64 = bits >= 64 ? .max : (bits <= 0 ? 0 : ~(UInt64.max >> UInt64(bits)))
        let l: UInt64 = bits >= 128 ? .max : (bits <= 64 ? 0 : ~(UInt64.max >> UInt64(bits - 64)))
        return (h, l)
    }

    public var description: String { text }
}
