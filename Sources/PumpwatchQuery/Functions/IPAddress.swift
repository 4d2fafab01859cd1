/// IPv4 and IPv6 parsing and CIDR membership for `cidr_match`.
public enum IPAddress {
    /// The 16 bytes of an IPv6 address or an IPv4 address mapped into IPv6 space, with its family.
    public static func parse(_ text: String) -> (bytes: [UInt8], isV4: Bool)? {
        if let v4 = parseV4(text) { return ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + v4, true) }
        if let v6 = parseV6(text) { return (v6, false) }
        return nil
    }

    static func parseV4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    static func parseV6(_ s: String) -> [UInt8]? {
        guard s.contains(":") else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, g) in items.enumerated() {
                if i == items.count - 1, g.contains("."), let v4 = parseV4(String(g)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                    out.append(v)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let fill = 8 - head.count - tail.count
        guard fill >= (halves.count == 2 ? 0 : 0), halves.count == 2 || fill == 0, fill >= 0 else { return nil }
        let all = head + Array(repeating: 0, count: fill) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// True when `ip` lies in `block` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address).
    public static func cidrContains(_ block: String, _ ip: String) -> Bool {
        let parts = block.split(separator: "/", maxSplits: 1)
        guard let net = parse(String(parts[0])), let addr = parse(ip), net.isV4 == addr.isV4 else { return false }
        var bits = net.isV4 ? 32 : 128
        if parts.count == 2 {
            guard let b = Int(parts[1]), b >= 0, b <= bits else { return false }
            bits = b
        }
        if net.isV4 { bits += 96 }
        for i in 0..<16 {
            let take = max(0, min(8, bits - i * 8))
            if take == 0 { break }
            let mask: UInt8 = take == 8 ? 0xFF : UInt8(0xFF << (8 - take) & 0xFF)
            if net.bytes[i] & mask != addr.bytes[i] & mask { return false }
        }
        return true
    }

    /// The network address of `ip` with `bits` prefix bits, printed in its family's form.
    public static func prefix(_ ip: String, bits: Int) -> String? {
        guard let addr = parse(ip) else { return nil }
        if addr.isV4 {
            guard bits >= 0, bits <= 32 else { return nil }
            let v = addr.bytes[12...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let masked = bits == 0 ? 0 : v & (UInt32.max << (32 - UInt32(bits)))
            return [24, 16, 8, 0].map { String((masked >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        }
        return nil
    }
}
